#!/bin/sh
# Prints what the store $1 answers about time: timelines, event listings and plans as of
# several instants, the current timelines, relations and the conflicts. Used to check that
# the order of imports does not change any answer (import_orders.case).
set -e
db="$1"
for t in 2025-01-01 2025-02-04 2025-02-05 2025-02-07 2025-02-11 2025-04-01; do
  echo "== as of $t"
  chronicle --db "$db" timeline "Sam Altman" --as-of "$t"
  chronicle --db "$db" timeline softbank-group --as-of "$t" --json
  chronicle --db "$db" events --as-of "$t" --json
  chronicle --db "$db" plans --as-of "$t"
  chronicle --db "$db" show 2025-02-04-altman-india-visit --as-of "$t" --json
  chronicle --db "$db" show rel-softbank-group-invests-in-openai --as-of "$t" --json
done
echo "== now"
chronicle --db "$db" timeline "Sam Altman"
chronicle --db "$db" events --json
chronicle --db "$db" conflicts
chronicle --db "$db" stats | grep -v -e "^store" -e "^disk" -e "^imports"  # paths, file sizes and import counts differ
