// cli/listing.h: a listing prints the same table whether its rows were kept or, past the
// budget, measured and printed as they were scanned again; and in instant order. A streamed
// listing scans no more often than the store's instants require.
#include "cli/listing.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/edtf.h"

namespace chronicle::cli {
namespace {

TimelineRow Row(std::string id, std::string title, std::string when, std::string tz = "") {
  TimelineRow row;
  row.event_id = std::move(id);
  row.title = std::move(title);
  row.kind = "meeting";
  Result<Edtf> parsed = ParseEdtf(when);
  REQUIRE(parsed.ok());
  row.when = parsed->ToString();
  row.earliest_day = parsed->earliest_day;
  row.latest_day = parsed->latest_day;
  row.tz = std::move(tz);
  return row;
}

struct Printed {
  std::string text;
  size_t count = 0;
  int scans = 0;
};

// Prints `rows` (in scan order) as the CLI does, keeping at most `keep_bytes` of rows.
Printed PrintRows(const std::vector<TimelineRow>& rows, bool may_have_instants,
                  size_t keep_bytes) {
  Printed printed;
  Table table({"WHEN", "TITLE", "ID"}, {0, 12, 0});
  std::ostringstream out;
  Result<size_t> count = PrintListingTable(
      out, table,
      [&](const storage::RowViewVisitor& visit) {
        ++printed.scans;
        std::string sources;
        for (const TimelineRow& row : rows) visit(ViewOf(row, &sources));
        return Status::Ok();
      },
      may_have_instants,
      [](const TimelineRowView& row, const TakeCells& take) {
        take({row.when, row.title, row.event_id});
      },
      [&out](size_t rows_count) { out << rows_count << " events\n"; }, keep_bytes);
  REQUIRE(count.ok());
  printed.count = *count;
  printed.text = out.str();
  return printed;
}

TEST_CASE("a listing past its budget prints what a kept one prints", "[cli][listing]") {
  std::vector<TimelineRow> rows;
  for (int row_idx = 0; row_idx < 500; ++row_idx) {
    // Titles of every length, some over the 12-column cap, some in Hangul.
    std::string title(static_cast<size_t>(row_idx % 17), 'x');
    if (row_idx % 5 == 0) title += "서초 회동";
    rows.push_back(Row("ev-" + std::to_string(1000 + row_idx), title,
                       row_idx % 3 == 0 ? "2025-02" : "2025-02-04"));
  }
  const Printed kept = PrintRows(rows, false, kListingTableBytes);
  CHECK(kept.count == 500);
  CHECK(kept.scans == 1);
  CHECK(kept.text.starts_with("500 events\nWHEN        TITLE         ID\n"));
  CHECK(kept.text.find("xxxxxxxxxxx…") != std::string::npos);  // cut at the cap
  for (size_t keep_bytes : {size_t{0}, size_t{100}, size_t{5000}}) {
    INFO("keep_bytes " << keep_bytes);
    const Printed streamed = PrintRows(rows, false, keep_bytes);
    CHECK(streamed.text == kept.text);
    CHECK(streamed.count == 500);
    CHECK(streamed.scans == 2);
    // A store that may have instants (none here) prints the same.
    CHECK(PrintRows(rows, true, keep_bytes).text == kept.text);
  }
}

TEST_CASE("a listing with instants prints in instant order, kept or not", "[cli][listing]") {
  // Same day, scan order by id: the Seoul day starts nine hours before the UTC one.
  const std::vector<TimelineRow> rows = {Row("a-utc", "UTC day", "2025-02-04"),
                                         Row("b-seoul", "Seoul day", "2025-02-04", "Asia/Seoul")};
  const std::string expected =
      "2 events\n"
      "WHEN        TITLE      ID\n"
      "2025-02-04  Seoul day  b-seoul\n"
      "2025-02-04  UTC day    a-utc\n";
  CHECK(PrintRows(rows, true, kListingTableBytes).text == expected);
  const Printed past_budget = PrintRows(rows, true, 0);
  CHECK(past_budget.text == expected);
  CHECK(past_budget.scans == 2);  // measured, then kept whole after all
}

TEST_CASE("an empty listing prints only what comes before the table", "[cli][listing]") {
  CHECK(PrintRows({}, true, 0).text == "0 events\n");
}

TEST_CASE("a listing's scan error comes back before anything is printed", "[cli][listing]") {
  Table table({"ID"});
  std::ostringstream out;
  Result<size_t> count = PrintListingTable(
      out, table,
      [](const storage::RowViewVisitor&) {
        return Status::Corruption("bad index value in timeline");
      },
      false, [](const TimelineRowView& row, const TakeCells& take) { take({row.event_id}); },
      [&out](size_t rows_count) { out << rows_count << " events\n"; });
  REQUIRE_FALSE(count.ok());
  CHECK(count.status().message() == "bad index value in timeline");
  CHECK(out.str().empty());
}

TEST_CASE("a listing's second scan fails after the table's header was printed", "[cli][listing]") {
  const std::vector<TimelineRow> rows = {Row("a", "First", "2025-02-04"),
                                         Row("b", "Second", "2025-02-05")};
  Table table({"ID"});
  std::ostringstream out;
  int scans = 0;
  Result<size_t> count = PrintListingTable(
      out, table,
      [&](const storage::RowViewVisitor& visit) {
        if (++scans == 2) return Status::IoError("scan failed: the store went away");
        std::string sources;
        for (const TimelineRow& row : rows) visit(ViewOf(row, &sources));
        return Status::Ok();
      },
      false, [](const TimelineRowView& row, const TakeCells& take) { take({row.event_id}); },
      [&out](size_t rows_count) { out << rows_count << " events\n"; }, /*keep_bytes=*/0);
  REQUIRE_FALSE(count.ok());
  CHECK(count.status().message() == "scan failed: the store went away");
  CHECK(out.str().starts_with("2 events\n"));
  CHECK(out.str().find("\na\n") == std::string::npos);  // no row was printed
}

// What InstantOrderedListing passes on, and how many scans it ran for it.
struct Listed {
  std::vector<std::string> ids;
  int prepare_scans = 0;
  int write_scans = 0;
};

Listed ListInOrder(const std::vector<TimelineRow>& rows, bool may_have_instants) {
  Listed listed;
  int* scans = &listed.prepare_scans;
  Result<InstantOrderedListing> listing = InstantOrderedListing::Prepare(
      [&](const storage::RowViewVisitor& visit) {
        ++*scans;
        std::string sources;
        for (const TimelineRow& row : rows) visit(ViewOf(row, &sources));
        return Status::Ok();
      },
      may_have_instants);
  REQUIRE(listing.ok());
  scans = &listed.write_scans;
  REQUIRE(listing->Write([&](const TimelineRowView& row) { listed.ids.emplace_back(row.event_id); })
              .ok());
  return listed;
}

TEST_CASE("a streamed listing scans only as often as the store's instants require",
          "[cli][listing]") {
  const std::vector<TimelineRow> plain = {Row("a", "A", "2025-02-04"),
                                          Row("b", "B", "2025-02-05")};
  SECTION("a store that never held instants: one scan, while writing") {
    const Listed listed = ListInOrder(plain, false);
    CHECK(listed.ids == std::vector<std::string>{"a", "b"});
    CHECK(listed.prepare_scans == 0);
    CHECK(listed.write_scans == 1);
  }
  SECTION("a store that may hold them, none in this listing: a look, then one scan") {
    const Listed listed = ListInOrder(plain, true);
    CHECK(listed.ids == std::vector<std::string>{"a", "b"});
    CHECK(listed.prepare_scans == 1);
    CHECK(listed.write_scans == 1);
  }
  SECTION("rows with instants: collected and sorted, nothing scanned while writing") {
    const std::vector<TimelineRow> zoned = {Row("a-utc", "UTC day", "2025-02-04"),
                                            Row("b-seoul", "Seoul day", "2025-02-04",
                                                "Asia/Seoul")};
    const Listed listed = ListInOrder(zoned, true);
    CHECK(listed.ids == std::vector<std::string>{"b-seoul", "a-utc"});
    CHECK(listed.prepare_scans == 2);
    CHECK(listed.write_scans == 0);
  }
  SECTION("the look's scan error comes from Prepare") {
    Result<InstantOrderedListing> listing = InstantOrderedListing::Prepare(
        [](const storage::RowViewVisitor&) {
          return Status::Corruption("bad index value in time");
        },
        true);
    REQUIRE_FALSE(listing.ok());
    CHECK(listing.status().message() == "bad index value in time");
  }
}

}  // namespace
}  // namespace chronicle::cli
