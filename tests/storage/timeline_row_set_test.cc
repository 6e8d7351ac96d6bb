#include "storage/timeline_row_set.h"

#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/timeline.h"
#include "storage/timeline_pages.h"

namespace chronicle::storage {
namespace {

TimelineRow RowNumber(int n) {
  TimelineRow row;
  row.event_id = "ev-";
  row.event_id += std::to_string(n);
  row.title = std::string(static_cast<size_t>(n % 40), 't');
  row.kind = n % 2 == 0 ? "meeting" : "statement";
  row.when = "2025-02-04";
  row.earliest_day = 20'000 + n;
  row.latest_day = 20'000 + n + n % 3;
  row.role = "participant";
  row.sources = {"source-a"};
  if (n % 5 == 0) row.sources.push_back("source-b");
  row.recorded_at = 1'738'627'200 + n;
  row.versioned = n % 7 == 0;
  return row;
}

std::string PageOf(int first, int count) {
  TimelinePageBuilder builder;
  std::string sources;
  for (int n = first; n < first + count; ++n) builder.Add(ViewOf(RowNumber(n), &sources));
  return builder.Finish();
}

std::vector<TimelineRow> RowsOf(const TimelineRowSet& set) {
  std::vector<TimelineRow> rows;
  for (TimelineRowView view : set) rows.push_back(ToRow(view));
  return rows;
}

TEST_CASE("a row set gives back rows added one by one, across its own pages",
          "[storage][row_set]") {
  TimelineRowSet set;
  std::vector<TimelineRow> expected;
  std::string sources;
  for (int n = 0; n < 300; ++n) {  // past the 128 rows of one page, twice
    expected.push_back(RowNumber(n));
    set.AddRow(ViewOf(expected.back(), &sources));
  }
  set.Seal();
  REQUIRE(set.size() == 300);
  CHECK(RowsOf(set) == expected);
  CHECK(ToRow(set[299]) == expected[299]);
  CHECK(TimelineRowSet().empty());
}

TEST_CASE("a row set keeps rows of stored pages as references, in the order they came",
          "[storage][row_set]") {
  // Two stored pages (rows 0-9 and 10-19) of which some rows are kept, with rows added
  // one by one between them, and a page none of whose rows is kept.
  const std::string first = PageOf(0, 10);
  const std::string second = PageOf(10, 10);
  const std::string skipped = PageOf(50, 4);
  TimelineRowSet set;
  std::vector<TimelineRow> expected;
  std::string sources;
  set.BeginStoredPage(first);
  for (size_t row_idx : {2, 3, 9}) {
    set.AddStoredRow(row_idx);
    expected.push_back(RowNumber(static_cast<int>(row_idx)));
  }
  expected.push_back(RowNumber(100));
  set.AddRow(ViewOf(expected.back(), &sources));
  set.BeginStoredPage(skipped);
  set.BeginStoredPage(second);
  for (size_t row_idx : {0, 5}) {
    set.AddStoredRow(row_idx);
    expected.push_back(RowNumber(10 + static_cast<int>(row_idx)));
  }
  expected.push_back(RowNumber(101));
  set.AddRow(ViewOf(expected.back(), &sources));
  set.Seal();
  CHECK(RowsOf(set) == expected);

  SECTION("views stay valid when the set is moved") {
    const TimelineRowView before = set[4];
    TimelineRowSet moved = std::move(set);
    CHECK(ToRow(before) == expected[4]);
    CHECK(RowsOf(moved) == expected);
    TimelineRowSet assigned;
    assigned = std::move(moved);
    CHECK(ToRow(before) == expected[4]);
    CHECK(RowsOf(assigned) == expected);
  }
  SECTION("the copies do not depend on the pages given") {
    std::string scratch = first;
    TimelineRowSet copy;
    copy.BeginStoredPage(scratch);
    copy.AddStoredRow(1);
    copy.Seal();
    scratch.assign(scratch.size(), 'x');
    CHECK(ToRow(copy[0]) == RowNumber(1));
  }
}

}  // namespace
}  // namespace chronicle::storage
