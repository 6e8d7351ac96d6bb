#include "storage/timeline_pages.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "core/edtf.h"
#include "core/model.h"
#include "core/timeline.h"
#include "core/zoned_time.h"
#include "storage/index_values.h"
#include "storage/key_codec.h"

namespace chronicle::storage {
namespace {

// prefix followed by n: appended, since "x" + std::string trips GCC 12's false -Wrestrict.
std::string Id(std::string_view prefix, long n) {
  std::string id(prefix);
  id += std::to_string(n);
  return id;
}

TimelineRow MakeRow(int32_t earliest, int32_t latest, std::string id) {
  TimelineRow row;
  row.event_id = std::move(id);
  row.title = "title of ";
  row.title += row.event_id;
  row.kind = "meeting";
  row.when = "2025-02-04";
  row.earliest_day = earliest;
  row.latest_day = latest;
  row.role = "participant";
  row.sources = {"source-a"};
  row.recorded_at = 1'738'627'200;
  return row;
}

// Rows that use every field and its edge values.
std::vector<TimelineRow> VariedRows() {
  std::vector<TimelineRow> rows;
  rows.push_back(MakeRow(kOpenStartDay, 5, "open-start"));
  TimelineRow empty = MakeRow(0, 0, "e");
  empty.title.clear();
  empty.kind.clear();
  empty.when.clear();
  empty.role.clear();
  empty.sources.clear();
  empty.recorded_at = -86'400 * 365 * 60;  // before 1970
  rows.push_back(empty);
  TimelineRow full = MakeRow(20'123, 20'130, "2025-02-04-seocho-meeting");
  full.title = "이재용·손정의·올트먼 서초 회동";
  full.status = EventStatus::kPostponed;
  full.role = "host,place";
  full.place = "samsung-seocho-office";
  full.sources = {"chosunbiz-2025-02-04", "yonhap-2025-02-04-stargate", "x"};
  full.tz = "Asia/Seoul";
  full.part_of_day = PartOfDay::kNight;
  full.versioned = true;
  rows.push_back(full);
  for (EventStatus status : {EventStatus::kOccurred, EventStatus::kPlanned, EventStatus::kReported,
                             EventStatus::kCancelled}) {
    TimelineRow row = MakeRow(20'200, 20'200, Id("status-", static_cast<int>(status)));
    row.status = status;
    row.part_of_day = PartOfDay::kMorning;
    rows.push_back(row);
  }
  rows.push_back(MakeRow(20'300, kOpenEndDay, "open-end"));
  rows.push_back(MakeRow(kOpenEndDay, kOpenEndDay, "undated"));
  return rows;
}

std::string BuildPage(const std::vector<TimelineRow>& rows) {
  TimelinePageBuilder builder;
  std::string sources;
  for (const TimelineRow& row : rows) builder.Add(ViewOf(row, &sources));
  return builder.Finish();
}

std::vector<TimelineRow> ReadPage(std::string_view value) {
  TimelinePage page;
  REQUIRE(page.Parse(value));
  std::vector<TimelineRow> rows;
  for (size_t row_idx = 0; row_idx < page.size(); ++row_idx) {
    TimelineRowView view;
    page.Row(row_idx, &view);
    CHECK(page.EarliestDay(row_idx) == view.earliest_day);
    CHECK(page.LatestDay(row_idx) == view.latest_day);
    rows.push_back(ToRow(view));
  }
  return rows;
}

TEST_CASE("a timeline page gives back every field of every row", "[storage][pages]") {
  const std::vector<TimelineRow> rows = VariedRows();
  const std::string value = BuildPage(rows);
  CHECK(ReadPage(value) == rows);
  CHECK(value[1] == TimelinePage::kLengthsLayout);
}

TEST_CASE("a page with a text of 256 bytes or more keeps offsets instead of lengths",
          "[storage][pages]") {
  std::vector<TimelineRow> rows = VariedRows();
  rows[2].title = std::string(255, 'x');  // still a length
  CHECK(BuildPage(rows)[1] == TimelinePage::kLengthsLayout);
  CHECK(ReadPage(BuildPage(rows)) == rows);
  for (size_t size : {size_t{256}, size_t{70'000}}) {
    rows[2].title = std::string(size, 'x');
    const std::string value = BuildPage(rows);
    CHECK(value[1] == TimelinePage::kOffsetsLayout);
    CHECK(ReadPage(value) == rows);
  }
}

TEST_CASE("a page builder is empty again after Finish and knows its last row", "[storage][pages]") {
  TimelinePageBuilder builder;
  std::string sources;
  const std::vector<TimelineRow> rows = VariedRows();
  for (const TimelineRow& row : rows) {
    builder.Add(ViewOf(row, &sources));
    CHECK(builder.last_event_id() == row.event_id);
    CHECK(builder.last_earliest_day() == row.earliest_day);
    CHECK(builder.last_latest_day() == row.latest_day);
  }
  CHECK(builder.size() == rows.size());
  size_t text_bytes = 0;
  for (const TimelineRow& row : rows) text_bytes += PageTextBytes(ViewOf(row, &sources));
  CHECK(builder.text_bytes() == text_bytes);
  builder.Finish();
  CHECK(builder.empty());
  CHECK(builder.text_bytes() == 0);
  builder.Add(ViewOf(rows[1], &sources));
  CHECK(ReadPage(builder.Finish()) == std::vector<TimelineRow>{rows[1]});
}

TEST_CASE("LowerBound finds the first row that starts on or after a day", "[storage][pages]") {
  std::vector<TimelineRow> rows;
  for (int32_t day : {3, 5, 5, 5, 9, 12})
    rows.push_back(MakeRow(day, day + 1, Id("d", rows.size())));
  TimelinePage page;
  const std::string value = BuildPage(rows);
  REQUIRE(page.Parse(value));
  CHECK(page.LowerBound(kOpenStartDay) == 0);
  CHECK(page.LowerBound(3) == 0);
  CHECK(page.LowerBound(4) == 1);
  CHECK(page.LowerBound(5) == 1);
  CHECK(page.LowerBound(6) == 4);
  CHECK(page.LowerBound(12) == 5);
  CHECK(page.LowerBound(13) == 6);
}

TEST_CASE("malformed pages are refused", "[storage][pages]") {
  std::vector<TimelineRow> rows = VariedRows();
  const bool offsets = GENERATE(false, true);
  if (offsets) rows[0].title = std::string(300, 't');
  INFO((offsets ? "offsets" : "lengths"));
  const std::string value = BuildPage(rows);
  TimelinePage page;
  REQUIRE(page.Parse(value));
  REQUIRE(value[1] == (offsets ? TimelinePage::kOffsetsLayout : TimelinePage::kLengthsLayout));
  SECTION("every truncation and one byte too many") {
    for (size_t size = 0; size < value.size(); ++size) {
      INFO("size " << size);
      CHECK_FALSE(page.Parse(std::string_view(value).substr(0, size)));
    }
    CHECK_FALSE(page.Parse(std::string(value).append("x")));
  }
  SECTION("no rows, or an unknown text layout") {
    CHECK_FALSE(page.Parse(std::string("\x00\x01", 2)));
    for (char layout : {'\0', '\2', '\3', '\5'}) {
      std::string damaged = value;
      damaged[1] = layout;
      CHECK_FALSE(page.Parse(damaged));
    }
  }
  const size_t fixed = 2 + rows.size() * (4 + 4 + 8);  // varint n (one byte), layout, days, times
  SECTION("a status or a part of day out of range") {
    for (uint8_t bad_status : {uint8_t{0}, uint8_t{6}, uint8_t{255}}) {
      std::string damaged = value;
      damaged[fixed + 3] = static_cast<char>(bad_status);
      CHECK_FALSE(page.Parse(damaged));
    }
    std::string damaged = value;
    damaged[fixed + 2 * rows.size() + 1] = 7;  // part of day: 0, or a part + 1 (at most 5)
    CHECK_FALSE(page.Parse(damaged));
    damaged[fixed + 2 * rows.size() + 1] = 5;
    CHECK(page.Parse(damaged));
  }
  const size_t texts_table = fixed + 3 * rows.size();
  if (!offsets) {
    SECTION("lengths that do not add up to the texts") {
      for (int delta : {-1, +1}) {
        std::string damaged = value;
        damaged[texts_table + 9] = static_cast<char>(damaged[texts_table + 9] + delta);
        CHECK_FALSE(page.Parse(damaged));
      }
    }
  } else {
    SECTION("offsets that decrease, do not start at 0 or pass the texts") {
      std::string damaged = value;
      damaged[texts_table + 4 * 5 + 3] = '\x7f';  // the sixth offset, high byte
      CHECK_FALSE(page.Parse(damaged));
      damaged = value;
      damaged[texts_table] = 1;
      CHECK_FALSE(page.Parse(damaged));
    }
  }
}

TEST_CASE("damaged pages either parse to rows inside the page or are refused", "[storage][pages]") {
  // Every byte flipped, one at a time and in random bursts: a page that still parses must give
  // rows whose texts lie inside it (run under AddressSanitizer to see an overrun).
  std::vector<TimelineRow> rows = VariedRows();
  const bool offsets = GENERATE(false, true);
  if (offsets) rows[1].title = std::string(400, 'o');
  const std::string value = BuildPage(rows);
  std::mt19937 random(offsets ? 7 : 11);
  TimelinePage page;
  size_t parsed = 0;
  for (int trial = 0; trial < 4000; ++trial) {
    std::string damaged = value;
    if (trial < static_cast<int>(damaged.size())) {
      damaged[trial] = static_cast<char>(damaged[trial] ^ (1 << (trial % 8)));
    } else {
      for (int flip = 0; flip < 1 + trial % 5; ++flip) {
        damaged[std::uniform_int_distribution<size_t>(0, damaged.size() - 1)(random)] =
            static_cast<char>(std::uniform_int_distribution<int>(0, 255)(random));
      }
    }
    if (!page.Parse(damaged)) continue;
    ++parsed;
    const char* begin = damaged.data();
    const char* end = begin + damaged.size();
    auto inside = [&](std::string_view text) {
      return text.empty() || (text.data() >= begin && text.data() + text.size() <= end);
    };
    for (size_t row_idx = 0; row_idx < page.size(); ++row_idx) {
      TimelineRowView row;
      page.Row(row_idx, &row);
      for (std::string_view text : {row.event_id, row.title, row.kind, row.when, row.role,
                                    row.place, row.tz, row.sources.packed()}) {
        REQUIRE(inside(text));
      }
      for (std::string_view source : row.sources) REQUIRE(inside(source));
    }
  }
  CHECK(parsed > 0);  // flips inside texts leave a well-formed page
}

TEST_CASE("source id lists iterate their ids and tolerate a missing last terminator",
          "[storage][pages]") {
  std::string packed;
  for (const char* id : {"a", "bb", "ccc"}) SourceIdList::Append(&packed, id);
  const SourceIdList list(packed);
  CHECK(std::vector<std::string_view>(list.begin(), list.end()) ==
        std::vector<std::string_view>{"a", "bb", "ccc"});
  CHECK(list.size() == 3);
  CHECK(SourceIdList().empty());
  CHECK(SourceIdList().begin() == SourceIdList().end());
  const SourceIdList unterminated(std::string_view(packed).substr(0, packed.size() - 1));
  CHECK(std::vector<std::string_view>(unterminated.begin(), unterminated.end()) ==
        std::vector<std::string_view>{"a", "bb", "ccc"});
  CHECK(unterminated.size() == 3);
}

// ---- TimelinePageWriter, against a model ------------------------------------------------------

// Stored pages in a map, as the import sees the store.
class MapPages final : public StoredPages {
 public:
  std::map<std::string, std::string> pages;
  int lookups = 0;

  Result<std::optional<Page>> FirstAtOrAfter(uint64_t entity_iid, std::string_view key) override {
    ++lookups;
    auto it = pages.lower_bound(std::string(key));
    return At(it, entity_iid);
  }
  Result<std::optional<Page>> LastBefore(uint64_t entity_iid, std::string_view key) override {
    ++lookups;
    auto it = pages.lower_bound(std::string(key));
    if (it == pages.begin()) return std::optional<Page>();
    return At(std::prev(it), entity_iid);
  }

 private:
  Result<std::optional<Page>> At(std::map<std::string, std::string>::iterator it, uint64_t iid) {
    if (it == pages.end() || !it->first.starts_with(TimelinePrefix(iid))) {
      return std::optional<Page>();
    }
    return std::optional<Page>(Page{it->first, it->second});
  }
};

using RowKey = std::tuple<uint64_t, int32_t, int32_t, std::string>;
std::string KeyOf(const RowKey& key) {
  return TimelineKey({std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key)});
}

struct Emitted {
  std::string key, value;
  bool is_delete;
};

// Runs one batch of changes (key order) through a writer over `stored`, applies what it emits
// and returns it.
std::vector<Emitted> RunBatch(MapPages& stored,
                              const std::map<RowKey, std::optional<TimelineRow>>& changes,
                              TimelinePageWriter::Limits limits) {
  std::vector<Emitted> emitted;
  TimelinePageWriter writer(
      &stored,
      [&emitted](std::string_view key, std::string_view value, bool is_delete) {
        emitted.push_back({std::string(key), std::string(value), is_delete});
        return Status::Ok();
      },
      limits);
  for (const auto& [key, row] : changes) {
    const std::string encoded = row ? EncodeTimelineValue(7, *row) : std::string();
    REQUIRE(writer.Add(KeyOf(key), encoded, !row.has_value()).ok());
  }
  REQUIRE(writer.Finish().ok());
  // What SstFileWriter requires: strictly increasing keys (a put and a delete of one key fail).
  for (size_t entry_idx = 1; entry_idx < emitted.size(); ++entry_idx) {
    REQUIRE(emitted[entry_idx - 1].key < emitted[entry_idx].key);
  }
  for (const Emitted& entry : emitted) {
    if (entry.is_delete) {
      stored.pages.erase(entry.key);
    } else {
      stored.pages[entry.key] = entry.value;
    }
  }
  return emitted;
}

// Every invariant of the stored pages, and that they hold exactly `model`'s rows.
void CheckPages(const MapPages& stored, const std::map<RowKey, TimelineRow>& model,
                TimelinePageWriter::Limits limits) {
  std::map<RowKey, TimelineRow> found;
  for (const auto& [key, value] : stored.pages) {
    TimelineKeyParts key_parts;
    REQUIRE(DecodeTimelineKey(key, &key_parts));
    const std::vector<TimelineRow> rows = ReadPage(value);
    REQUIRE_FALSE(rows.empty());
    CHECK(rows.size() <= limits.page_rows);
    // Keyed by its last row.
    CHECK(key_parts.earliest_day == rows.back().earliest_day);
    CHECK(key_parts.latest_day == rows.back().latest_day);
    CHECK(key_parts.event_id == rows.back().event_id);
    for (const TimelineRow& row : rows) {
      const RowKey row_key{key_parts.entity_iid, row.earliest_day, row.latest_day, row.event_id};
      // Rows in order across pages: every row is after every row found before it.
      if (!found.empty()) CHECK(found.rbegin()->first < row_key);
      CHECK(found.emplace(row_key, row).second);
    }
  }
  CHECK(found == model);
}

TEST_CASE("the page writer keeps stored pages equal to the rows changed into them",
          "[storage][pages]") {
  const TimelinePageWriter::Limits limits{
      .page_rows = GENERATE(size_t{1}, size_t{2}, size_t{3}, size_t{5}, size_t{128}),
      .page_bytes = GENERATE(size_t{60}, size_t{32} << 10)};
  INFO("page_rows " << limits.page_rows << ", page_bytes " << limits.page_bytes);
  std::mt19937 random(static_cast<uint32_t>(limits.page_rows * 7 + limits.page_bytes));
  MapPages stored;
  std::map<RowKey, TimelineRow> model;
  for (int batch = 0; batch < 60; ++batch) {
    INFO("batch " << batch);
    std::map<RowKey, std::optional<TimelineRow>> changes;
    const int change_count = std::uniform_int_distribution<int>(1, batch % 7 == 0 ? 60 : 6)(random);
    for (int change = 0; change < change_count; ++change) {
      const uint64_t iid = std::uniform_int_distribution<uint64_t>(1, 3)(random);
      const int kind = std::uniform_int_distribution<int>(0, 9)(random);
      if (kind < 3 && !model.empty()) {  // delete or replace a stored row
        auto it = model.begin();
        std::advance(it, std::uniform_int_distribution<size_t>(0, model.size() - 1)(random));
        if (kind == 0) {
          changes[it->first] = std::nullopt;
        } else {
          TimelineRow replaced = it->second;
          replaced.title = Id("corrected in batch ", batch);
          changes[it->first] = replaced;
        }
        continue;
      }
      if (kind == 3) {  // delete a row that is not there
        changes[RowKey{iid, 999, 999, "absent"}] = std::nullopt;
        continue;
      }
      // A new row: mostly after the others (news comes in order), else anywhere.
      const int32_t day = kind < 7 ? 1000 + batch * 10 + change
                                   : std::uniform_int_distribution<int32_t>(0, 1500)(random);
      const std::string id = Id("ev-", batch) + Id("-", change);
      changes[RowKey{iid, day, day, id}] = MakeRow(day, day, id);
    }
    RunBatch(stored, changes, limits);
    for (const auto& [key, row] : changes) {
      if (row) {
        model[key] = *row;
      } else {
        model.erase(key);
      }
    }
    CheckPages(stored, model, limits);
  }
}

TEST_CASE("the page writer rewrites only the pages its changes fall in", "[storage][pages]") {
  const TimelinePageWriter::Limits limits{.page_rows = 4, .page_bytes = size_t{32} << 10};
  MapPages stored;
  std::map<RowKey, std::optional<TimelineRow>> bulk;
  for (int32_t day = 0; day < 40; ++day) {
    bulk[RowKey{1, day * 10, day * 10, Id("a", day)}] = MakeRow(day * 10, day * 10, Id("a", day));
    bulk[RowKey{2, day, day, Id("b", day)}] = MakeRow(day, day, Id("b", day));
  }
  SECTION("a bulk load fills its pages") {
    const std::vector<Emitted> emitted = RunBatch(stored, bulk, limits);
    CHECK(emitted.size() == 20);  // 80 rows, 4 a page, all puts
    for (const Emitted& entry : emitted) CHECK_FALSE(entry.is_delete);
    CHECK(stored.lookups == 4);  // two entities, none stored: two look-ups each
  }
  RunBatch(stored, bulk, limits);
  const std::map<std::string, std::string> before = stored.pages;

  SECTION("a row after all others rewrites the last page of its entity only") {
    const std::vector<Emitted> emitted =
        RunBatch(stored, {{RowKey{1, 1000, 1000, "late"}, MakeRow(1000, 1000, "late")}}, limits);
    // The last page is full: it stays as it is, and the new row starts a page of its own.
    REQUIRE(emitted.size() == 1);
    CHECK_FALSE(emitted[0].is_delete);
    CHECK(emitted[0].key == KeyOf(RowKey{1, 1000, 1000, "late"}));
    // Into a last page with room, the next row goes, and only that page is written.
    const std::vector<Emitted> next =
        RunBatch(stored, {{RowKey{1, 1001, 1001, "later"}, MakeRow(1001, 1001, "later")}}, limits);
    REQUIRE(next.size() == 2);
    CHECK(next[0].key == KeyOf(RowKey{1, 1000, 1000, "late"}));
    CHECK(next[0].is_delete);
    CHECK(next[1].key == KeyOf(RowKey{1, 1001, 1001, "later"}));
    CHECK(ReadPage(next[1].value).size() == 2);
  }
  SECTION("a row inside a full page splits it, and nothing else is written") {
    const std::vector<Emitted> emitted =
        RunBatch(stored, {{RowKey{1, 15, 15, "between"}, MakeRow(15, 15, "between")}}, limits);
    // Rows 0, 10, 15, 20 | 30: the page keyed by row 30 is put again, and a new page ends at 20.
    REQUIRE(emitted.size() == 2);
    CHECK(emitted[0].key == KeyOf(RowKey{1, 20, 20, "a2"}));
    CHECK(emitted[1].key == KeyOf(RowKey{1, 30, 30, "a3"}));
    CHECK(before.count(emitted[1].key) == 1);
    for (const Emitted& entry : emitted) CHECK_FALSE(entry.is_delete);
  }
  SECTION("deleting a page's last row moves its key") {
    const std::vector<Emitted> emitted =
        RunBatch(stored, {{RowKey{2, 3, 3, "b3"}, std::nullopt}}, limits);
    REQUIRE(emitted.size() == 2);
    CHECK(emitted[0].key == KeyOf(RowKey{2, 2, 2, "b2"}));
    CHECK_FALSE(emitted[0].is_delete);
    CHECK(emitted[1].key == KeyOf(RowKey{2, 3, 3, "b3"}));
    CHECK(emitted[1].is_delete);
  }
  SECTION("deleting every row of a page deletes the page") {
    std::map<RowKey, std::optional<TimelineRow>> changes;
    for (int day = 4; day < 8; ++day) changes[RowKey{2, day, day, Id("b", day)}] = std::nullopt;
    const std::vector<Emitted> emitted = RunBatch(stored, changes, limits);
    REQUIRE(emitted.size() == 1);
    CHECK(emitted[0].key == KeyOf(RowKey{2, 7, 7, "b7"}));
    CHECK(emitted[0].is_delete);
  }
  SECTION("deleting a row that is not stored rewrites at most its page, unchanged") {
    RunBatch(stored, {{RowKey{2, 5, 5, "absent"}, std::nullopt}}, limits);
    CHECK(stored.pages == before);
  }
}

TEST_CASE("the page writer reports what it cannot read or write", "[storage][pages]") {
  MapPages stored;
  const TimelinePageWriter::Limits limits;
  const std::string key = KeyOf(RowKey{1, 5, 5, "e"});
  const std::string value = EncodeTimelineValue(1, MakeRow(5, 5, "e"));
  SECTION("a malformed key or value") {
    TimelinePageWriter writer(
        &stored, [](std::string_view, std::string_view, bool) { return Status::Ok(); }, limits);
    CHECK(writer.Add("short", value, false).code() == StatusCode::kCorruption);
    TimelinePageWriter other(
        &stored, [](std::string_view, std::string_view, bool) { return Status::Ok(); }, limits);
    CHECK(other.Add(key, "garbage", false).code() == StatusCode::kCorruption);
    TimelinePageWriter mismatched(
        &stored, [](std::string_view, std::string_view, bool) { return Status::Ok(); }, limits);
    CHECK(mismatched.Add(KeyOf(RowKey{1, 5, 5, "other"}), value, false).code() ==
          StatusCode::kCorruption);
  }
  SECTION("a damaged stored page") {
    stored.pages[KeyOf(RowKey{1, 9, 9, "stored"})] = "not a page";
    TimelinePageWriter writer(
        &stored, [](std::string_view, std::string_view, bool) { return Status::Ok(); }, limits);
    const Status status = writer.Add(key, value, false);
    CHECK(status.code() == StatusCode::kCorruption);
    CHECK(status.message() == "bad timeline page in the store");
  }
  SECTION("an emit that fails") {
    TimelinePageWriter writer(
        &stored,
        [](std::string_view, std::string_view, bool) { return Status::IoError("disk full"); },
        limits);
    REQUIRE(writer.Add(key, value, false).ok());  // nothing is emitted before the page is done
    CHECK(writer.Finish().message() == "disk full");
  }
}

}  // namespace
}  // namespace chronicle::storage
