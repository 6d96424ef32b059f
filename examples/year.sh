#!/bin/sh
# The whole year of the sample district as one script: templates, the target stage and its
# second round, the July monitoring, the self-evaluation, the ex-ante screening, the key
# evaluation, the annual figures and the public versions.
#
#   sh examples/year.sh [OUT_DIR]            # default: 2024年度
#   JIXIAO=target/release/jixiao sh examples/year.sh
#
# Run from the repository root. A stage's exit status 1 means the returns carry mistakes (the
# sample district plants some at every stage): the script goes on; 2 stops it.
set -u
J=${JIXIAO:-"cargo run -q --"}
F=${FIXTURES:-fixtures}
OUT=${1:-2024年度}
mkdir -p "$OUT"

run() {
    echo "+ jixiao $*" >&2
    $J "$@" -q >/dev/null
    rc=$?
    if [ "$rc" -gt 1 ]; then
        echo "year.sh: jixiao $1 failed (exit $rc)" >&2
        exit "$rc"
    fi
}

# 1. the templates sent to the units
run template --kind target --roster "$F/roster.xlsx" --budget "$F/budget-2024.xlsx" --year 2024 --out "$OUT/目标模板"
# 2. the target stage, then round two with the units' corrections
run consolidate "$F/targets" --roster "$F/roster.xlsx" --budget "$F/budget-2024.xlsx" --out "$OUT/2024年绩效目标汇总.xlsx"
run consolidate "$F/targets" "$F/targets-round2" --roster "$F/roster.xlsx" --budget "$F/budget-2024.xlsx" \
    --previous "$OUT/2024年绩效目标汇总.xlsx" --out "$OUT/2024年绩效目标汇总（第二轮）.xlsx"
# 3. the July monitoring against the declared targets, with every unit's budget execution
run consolidate "$F/monitor" --stage monitor --roster "$F/roster.xlsx" --budget "$F/budget-2024.xlsx" \
    --targets "$OUT/2024年绩效目标汇总.xlsx" --execution "$F/execution-2024-07.xlsx" --out "$OUT/2024年1-7月绩效监控汇总.xlsx"
# 4. the self-evaluation next spring
run consolidate "$F/self-eval" --stage self-eval --roster "$F/roster.xlsx" --budget "$F/budget-2024.xlsx" \
    --out "$OUT/2024年绩效自评汇总.xlsx"
# 5. the ex-ante screening: the list to evaluate, then the bureau's filled conclusions
run screen --budget "$F/budget-2024.xlsx" --roster "$F/roster.xlsx" --out "$OUT/事前评估清单.xlsx"
run screen --results "$F/screening-2024-results.xlsx" --budget "$F/budget-2024.xlsx" --out "$OUT/评估结论汇总.xlsx"
# 6. the key evaluation from the bureau's list
run key-eval "$OUT/2024年绩效自评汇总.xlsx" --list "$F/key-eval-2024.xlsx" --budget "$F/budget-2024.xlsx" \
    --out "$OUT/重点评价清单.xlsx"
# 7. the year's figures
run report --roster "$F/roster.xlsx" --screen "$F/screening-2024-results.xlsx" \
    --targets "$OUT/2024年绩效目标汇总.xlsx" --monitor "$OUT/2024年1-7月绩效监控汇总.xlsx" \
    --self-eval "$OUT/2024年绩效自评汇总.xlsx" --key "$OUT/重点评价清单.xlsx" \
    --review "$OUT/2024年绩效目标汇总（第二轮）.xlsx" --budget "$F/budget-2024.xlsx" --year 2024 --out "$OUT/年度情况"
# 8. the public versions of the targets and the self-evaluation, for the government website
run publish "$OUT/2024年绩效目标汇总.xlsx" --out "$OUT/公开/绩效目标"
run publish "$OUT/2024年绩效自评汇总.xlsx" --out "$OUT/公开/绩效自评"
echo "year.sh: done, see $OUT/年度情况/年度情况.md" >&2
