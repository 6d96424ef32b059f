//! jixiao (绩效): budget performance management forms for a district finance bureau — read the
//! returned workbooks, check them, consolidate them, and say who is missing.

//!
//! Layers, each importing only from those above it in this list:
//! 1. `cellref`, `money`, `label` (text normalisation), `messages` (Chinese texts of system and
//!    library errors), `forms` (the declarative form
//!    descriptions);
//! 2. `read` (workbooks → grids → raw cards, by the descriptions);
//! 3. the model: `card`, `finding`, `config`, `registry`, `meta` (the template metadata
//!    format), `table` (typed output rows), `schema` (the consolidated workbook),
//!    `target_value` (指标值 parsed);
//! 4. `rules` (pure checks from a card to findings), then `batch` (a batch read and checked);
//! 5. `stage` (one module per stage: cross-checks, consolidated sheets, coverage) and
//!    `yearend` (key evaluation, results used: from the stages' workbooks);
//! 6. `output` (terminal, CSV, JSON, xlsx), `template` (the workbooks sent to units) and
//!    `mail` (messages to units, sending, returned forms taken out of mail);
//! 7. `cmd` (one file per subcommand).

pub mod batch;
pub mod card;
pub mod cellref;
pub mod cmd;
pub mod config;
pub mod finding;
pub mod forms;
pub mod label;
pub mod mail;
pub mod messages;
pub mod meta;
pub mod money;
pub mod output;
pub mod read;
pub mod registry;
pub mod rules;
pub mod schema;
pub mod stage;
pub mod table;
pub mod target_value;
pub mod template;
pub mod yearend;
