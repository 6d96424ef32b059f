//! jixiao (绩效): budget performance management forms for a district finance bureau — read the
//! returned workbooks, check them, consolidate them, and say who is missing.

pub mod batch;
pub mod card;
pub mod cellref;
pub mod cmd;
pub mod config;
pub mod consolidate;
pub mod coverage;
pub mod finding;
pub mod forms;
pub mod money;
pub mod output;
pub mod read;
pub mod registry;
pub mod rules;
pub mod stage;
pub mod target_value;
pub mod template;
