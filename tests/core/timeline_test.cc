#include "core/timeline.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chronicle {
namespace {

Edtf MustParseEdtf(std::string_view text) {
  Result<Edtf> edtf = ParseEdtf(text);
  INFO("when: " << text);
  REQUIRE(edtf.ok());
  return *edtf;
}

Event MakeEvent(std::string id, std::string_view when) {
  Event event;
  event.id = std::move(id);
  event.title = "Event " + event.id;
  event.kind = "meeting";
  event.when = MustParseEdtf(when);
  return event;
}

TimelineRow Row(std::string id, std::string_view when) {
  return MakeTimelineRow(MakeEvent(std::move(id), when));
}

// A row of an event in zone `tz`, narrowed to `part` of its day when given.
TimelineRow ZonedRow(std::string id, std::string_view when, std::string tz,
                     std::optional<PartOfDay> part = std::nullopt) {
  Event event = MakeEvent(std::move(id), when);
  event.tz = std::move(tz);
  event.part_of_day = part;
  return MakeTimelineRow(event);
}

std::vector<std::string> IdsOf(const std::vector<TimelineRow>& rows) {
  std::vector<std::string> ids;
  for (const TimelineRow& row : rows) ids.push_back(row.event_id);
  return ids;
}

std::vector<std::string> InstantSortedIds(std::vector<TimelineRow> rows) {
  SortByInstant(&rows);
  return IdsOf(rows);
}

// WhenInZone's text, which must succeed.
std::string Shown(const TimelineRow& row, std::string_view display_tz) {
  Result<std::string> text = WhenInZone(row, display_tz);
  INFO("row: " << row.when << " " << row.tz << ", shown in " << display_tz);
  INFO("error: " << (text.ok() ? "none" : text.status().ToString()));
  REQUIRE(text.ok());
  return *text;
}

// A filter for --from `from` --to `to`; "" leaves that side open.
TimelineFilter Between(std::string_view from, std::string_view to) {
  TimelineFilter filter;
  if (!from.empty()) {
    Result<int32_t> day = ParseFromBound(from);
    REQUIRE(day.ok());
    filter.from_day = *day;
  }
  if (!to.empty()) {
    Result<int32_t> day = ParseToBound(to);
    REQUIRE(day.ok());
    filter.to_day = *day;
  }
  return filter;
}

std::vector<std::string> SortedIds(std::vector<TimelineRow> rows) {
  std::sort(rows.begin(), rows.end(), TimelineOrder);
  std::vector<std::string> ids;
  for (const TimelineRow& row : rows) ids.push_back(row.event_id);
  return ids;
}

TEST_CASE("a time filter keeps the events that overlap it", "[core][timeline]") {
  SECTION("an event dated by month overlaps the days of that month") {
    const TimelineRow february = Row("e", "2025-02");
    CHECK(Between("2025-02-01", "2025-02-03").Matches(february));
    CHECK(Between("2025-02-28", "").Matches(february));
    CHECK(Between("", "2025-02-01").Matches(february));
    CHECK_FALSE(Between("2025-03-01", "").Matches(february));
    CHECK_FALSE(Between("", "2025-01-31").Matches(february));
  }
  SECTION("a day before the bound does not overlap") {
    CHECK_FALSE(Between("2025-02-01", "").Matches(Row("e", "2025-01-31")));
    CHECK_FALSE(Between("", "2025-02-03").Matches(Row("e", "2025-02-04")));
  }
  SECTION("the bounds are inclusive") {
    CHECK(Between("2025-02-04", "2025-02-04").Matches(Row("e", "2025-02-04")));
    CHECK(Between("2025-02-01", "2025-02-01").Matches(Row("e", "2025-01-31/2025-02-01")));
  }
  SECTION("a bound of month precision covers the whole month") {
    CHECK(Between("2025-02", "2025-02").Matches(Row("e", "2025-02-28")));
    CHECK(Between("2025-02", "2025-02").Matches(Row("e", "2025-02-01")));
    CHECK_FALSE(Between("2025-02", "2025-02").Matches(Row("e", "2025-03-01")));
  }
  SECTION("an interval overlaps a range inside it") {
    CHECK(Between("2025-02-11", "2025-02-12").Matches(Row("e", "2025-02-10/2025-02-14")));
    CHECK_FALSE(Between("2025-02-15", "").Matches(Row("e", "2025-02-10/2025-02-14")));
  }
  SECTION("open and unknown ends reach every bound on their side") {
    CHECK(Between("9999-12-31", "").Matches(Row("e", "2025-01-21/..")));
    CHECK(Between("Y30000", "").Matches(Row("e", "2025-01-21/")));
    CHECK_FALSE(Between("", "2025-01-20").Matches(Row("e", "2025-01-21/..")));
    CHECK(Between("", "-9999").Matches(Row("e", "../1985")));
    CHECK(Between("", "-9999").Matches(Row("e", "/1985-04-12")));
    CHECK_FALSE(Between("1985-04-13", "").Matches(Row("e", "/1985-04-12")));
  }
  SECTION("without bounds everything matches") {
    const TimelineFilter all;
    CHECK_FALSE(all.HasTimeBounds());
    CHECK(all.Matches(Row("e", "-0044-03-15")));
    CHECK(all.Matches(Row("e", "2025-01-21/..")));
    CHECK(Between("2025-01-01", "").HasTimeBounds());
    CHECK(Between("", "2025-01-01").HasTimeBounds());
  }
}

TEST_CASE("kind and status filters match exactly", "[core][timeline]") {
  Event event = MakeEvent("e", "2025-02-04");
  event.kind = "press-conference";
  event.status = EventStatus::kPlanned;
  const TimelineRow row = MakeTimelineRow(event);
  TimelineFilter filter;
  SECTION("kind") {
    filter.kind = "press-conference";
    CHECK(filter.Matches(row));
    filter.kind = "press";
    CHECK_FALSE(filter.Matches(row));
    filter.kind = "meeting";
    CHECK_FALSE(filter.Matches(row));
  }
  SECTION("status") {
    filter.status = EventStatus::kPlanned;
    CHECK(filter.Matches(row));
    filter.status = EventStatus::kOccurred;
    CHECK_FALSE(filter.Matches(row));
  }
  SECTION("all filters must hold") {
    filter = Between("2025-02-01", "2025-02-28");
    filter.kind = "press-conference";
    filter.status = EventStatus::kPlanned;
    CHECK(filter.Matches(row));
    filter.status = EventStatus::kCancelled;
    CHECK_FALSE(filter.Matches(row));
    filter.status = EventStatus::kPlanned;
    filter.from_day = DayNumber(2025, 2, 5);
    CHECK_FALSE(filter.Matches(row));
  }
}

TEST_CASE("timeline order is earliest day, then latest day, then event id", "[core][timeline]") {
  SECTION("a month sorts after the day before it and before the days after its first") {
    CHECK(SortedIds({Row("mid-february", "2025-02-02"), Row("february", "2025-02"),
                     Row("end-of-january", "2025-01-31")}) ==
          std::vector<std::string>{"end-of-january", "february", "mid-february"});
  }
  SECTION("a month sorts after its own first day, which ends sooner") {
    CHECK(SortedIds({Row("february", "2025-02"), Row("first", "2025-02-01")}) ==
          std::vector<std::string>{"first", "february"});
  }
  SECTION("an interval sorts after a single day starting the same day") {
    CHECK(SortedIds({Row("a-week", "2025-02-10/2025-02-14"), Row("b-day", "2025-02-10")}) ==
          std::vector<std::string>{"b-day", "a-week"});
  }
  SECTION("equal days sort by id") {
    CHECK(SortedIds({Row("c", "2025-02-04"), Row("a", "2025-02-04"), Row("b", "2025-02-04")}) ==
          std::vector<std::string>{"a", "b", "c"});
  }
  SECTION("open starts come first and open ends last") {
    CHECK(SortedIds({Row("since-2025", "2025/.."), Row("in-2025", "2025"),
                     Row("until-2025", "../2025"), Row("bc", "-0044-03-15")}) ==
          std::vector<std::string>{"until-2025", "bc", "in-2025", "since-2025"});
  }
  SECTION("the order is strict") {
    const TimelineRow row = Row("a", "2025-02-04");
    CHECK_FALSE(TimelineOrder(row, row));
    CHECK(TimelineOrder(Row("a", "2025-02-04"), Row("b", "2025-02-04")));
    CHECK_FALSE(TimelineOrder(Row("b", "2025-02-04"), Row("a", "2025-02-04")));
  }
}

TEST_CASE("RoleOf names every role the entity plays", "[core][timeline]") {
  Event event = MakeEvent("e", "2025-02-04");
  event.participants = {{"son-masayoshi", "host"},
                        {"sam-altman", ""},
                        {"son-masayoshi", "speaker"},
                        {"son-masayoshi", "host"}};
  event.place = "seoul";
  SECTION("several roles joined with commas, each once") {
    CHECK(RoleOf(event, "son-masayoshi") == "host,speaker");
  }
  SECTION("a participant without a role") { CHECK(RoleOf(event, "sam-altman") == "participant"); }
  SECTION("the place") { CHECK(RoleOf(event, "seoul") == "place"); }
  SECTION("a participant that is also the place") {
    event.place = "son-masayoshi";
    CHECK(RoleOf(event, "son-masayoshi") == "host,speaker,place");
  }
  SECTION("a participant whose role is 'place' and that is the place: 'place' once") {
    event.participants.push_back({"seoul", "place"});
    CHECK(RoleOf(event, "seoul") == "place");
  }
  SECTION("an entity that takes no part") {
    CHECK(RoleOf(event, "openai").empty());
    CHECK(RoleOf(event, "").empty());
  }
}

TEST_CASE("EntitiesOf lists participants then the place, each once", "[core][timeline]") {
  Event event = MakeEvent("e", "2025-02-04");
  event.participants = {
      {"sam-altman", "guest"}, {"son-masayoshi", "host"}, {"sam-altman", "speaker"}};
  SECTION("with a place") {
    event.place = "seoul";
    CHECK(EntitiesOf(event) == std::vector<std::string>{"sam-altman", "son-masayoshi", "seoul"});
  }
  SECTION("a place that is also a participant") {
    event.place = "son-masayoshi";
    CHECK(EntitiesOf(event) == std::vector<std::string>{"sam-altman", "son-masayoshi"});
  }
  SECTION("without a place") {
    CHECK(EntitiesOf(event) == std::vector<std::string>{"sam-altman", "son-masayoshi"});
  }
  SECTION("no one at all") {
    event.participants.clear();
    CHECK(EntitiesOf(event).empty());
  }
}

TEST_CASE("MakeTimelineRow copies the event and lists each source once", "[core][timeline]") {
  Event event = MakeEvent("2025-02-04-seoul-meeting", "2025-02~");
  event.title = "Son and Altman meet Lee";
  event.kind = "meeting";
  event.status = EventStatus::kReported;
  event.place = "seoul";
  event.participants = {{"son-masayoshi", "host"}};
  event.sources = {{"yonhap", "quote one"}, {"chosunbiz", ""}, {"yonhap", "quote two"}};
  const TimelineRow row = MakeTimelineRow(event);
  CHECK(row.event_id == "2025-02-04-seoul-meeting");
  CHECK(row.title == "Son and Altman meet Lee");
  CHECK(row.kind == "meeting");
  CHECK(row.when == "2025-02~");
  CHECK(row.earliest_day == DayNumber(2025, 2, 1));
  CHECK(row.latest_day == DayNumber(2025, 2, 28));
  CHECK(row.status == EventStatus::kReported);
  CHECK(row.role.empty());
  CHECK(row.place == "seoul");
  CHECK(row.sources == std::vector<std::string>{"yonhap", "chosunbiz"});
  CHECK(row.tz.empty());
  CHECK_FALSE(row.part_of_day.has_value());
  SECTION("an event without sources or place") {
    const TimelineRow bare = Row("e", "2025-02-10/2025-02-14");
    CHECK(bare.when == "2025-02-10/2025-02-14");
    CHECK(bare.earliest_day == DayNumber(2025, 2, 10));
    CHECK(bare.latest_day == DayNumber(2025, 2, 14));
    CHECK(bare.place.empty());
    CHECK(bare.sources.empty());
  }
  SECTION("the zone and the part of day") {
    event.when = MustParseEdtf("2025-02-04");
    event.tz = "Asia/Seoul";
    event.part_of_day = PartOfDay::kAfternoon;
    const TimelineRow zoned = MakeTimelineRow(event);
    CHECK(zoned.tz == "Asia/Seoul");
    CHECK(zoned.part_of_day == PartOfDay::kAfternoon);
  }
}

TEST_CASE("a row has instants when it has a zone, a part of day or a time", "[core][timeline]") {
  CHECK_FALSE(HasInstants(Row("e", "2025-02-04")));
  CHECK_FALSE(HasInstants(Row("e", "2025-02-10/..")));
  CHECK_FALSE(HasInstants(Row("e", "201X")));
  CHECK(HasInstants(ZonedRow("e", "2025-02", "Asia/Seoul")));
  CHECK(HasInstants(ZonedRow("e", "2025-02-04", "", PartOfDay::kNight)));
  CHECK(HasInstants(Row("e", "2025-02-04T14:30")));
  CHECK(HasInstants(Row("e", "2025-02-04T14:30:00+09:00")));
  CHECK(HasInstants(Row("e", "2025-02-03/2025-02-04T10:00Z")));
}

TEST_CASE("SortByInstant orders rows by the instants they cover", "[core][timeline]") {
  SECTION("an evening in New York comes after the next morning in Seoul") {
    // 2025-01-21 20:00 EST = 2025-01-22 01:00 UTC; 2025-01-22 09:00 KST = 00:00 UTC.
    CHECK(InstantSortedIds({ZonedRow("new-york-evening", "2025-01-21T20:00", "America/New_York"),
                            ZonedRow("seoul-morning", "2025-01-22T09:00", "Asia/Seoul")}) ==
          std::vector<std::string>{"seoul-morning", "new-york-evening"});
  }
  SECTION("a New York day begins before the next Seoul day") {
    // 21 January EST begins 05:00 UTC on the 21st; 22 January KST begins 15:00 UTC on the 21st.
    CHECK(InstantSortedIds({ZonedRow("seoul-22", "2025-01-22", "Asia/Seoul"),
                            ZonedRow("new-york-21", "2025-01-21", "America/New_York")}) ==
          std::vector<std::string>{"new-york-21", "seoul-22"});
  }
  SECTION("a Seoul day and its morning begin before the same UTC day, its afternoon after") {
    // In UTC: the Seoul day begins 15:00 on the 3rd, its morning 20:00 on the 3rd, its
    // afternoon 03:00 on the 4th.
    CHECK(InstantSortedIds(
              {ZonedRow("seoul-afternoon", "2025-02-04", "Asia/Seoul", PartOfDay::kAfternoon),
               Row("utc-day", "2025-02-04"),
               ZonedRow("seoul-morning", "2025-02-04", "Asia/Seoul", PartOfDay::kMorning),
               ZonedRow("seoul-day", "2025-02-04", "Asia/Seoul")}) ==
          std::vector<std::string>{"seoul-day", "seoul-morning", "utc-day", "seoul-afternoon"});
  }
  SECTION("equal instants sort by timeline order") {
    CHECK(InstantSortedIds({ZonedRow("c", "2025-02-04", "Asia/Seoul"),
                            ZonedRow("a", "2025-02-04", "Asia/Seoul"),
                            ZonedRow("b", "2025-02-04", "Asia/Tokyo")}) ==
          std::vector<std::string>{"a", "b", "c"});
  }
  SECTION("rows that are equal in every way keep their order") {
    TimelineRow first = ZonedRow("e", "2025-02-04", "Asia/Seoul");
    TimelineRow second = first;
    first.title = "first";
    second.title = "second";
    std::vector<TimelineRow> rows = {Row("later", "2025-02-05"), first, second};
    SortByInstant(&rows);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].title == "first");
    CHECK(rows[1].title == "second");
    CHECK(rows[2].event_id == "later");
  }
  SECTION("open ends sort first and last") {
    CHECK(InstantSortedIds({Row("since-2025", "2025/.."), ZonedRow("in-2025", "2025", "UTC"),
                            Row("until-2025", "../2025")}) ==
          std::vector<std::string>{"until-2025", "in-2025", "since-2025"});
  }
  SECTION("rows without instants are placed by their days as UTC days") {
    // Seoul's 5 February begins at 15:00 UTC on the 4th, after the UTC day of the 4th begins.
    CHECK(InstantSortedIds({ZonedRow("seoul-5", "2025-02-05", "Asia/Seoul"),
                            Row("utc-4", "2025-02-04"), Row("utc-6", "2025-02-06"),
                            Row("utc-feb", "2025-02")}) ==
          std::vector<std::string>{"utc-feb", "utc-4", "seoul-5", "utc-6"});
  }
  SECTION("rows whose instants cannot be computed keep their day order") {
    // A zone this tz database does not know, and a local time a clock change skips.
    CHECK(
        InstantSortedIds({ZonedRow("unknown-zone-5", "2025-02-05", "Mars/Olympus"),
                          ZonedRow("seoul-4", "2025-02-04", "Asia/Seoul"),
                          ZonedRow("skipped-9-march", "2025-03-09T02:30", "America/New_York"),
                          ZonedRow("unknown-zone-3", "2025-02-03", "Mars/Olympus")}) ==
        std::vector<std::string>{"unknown-zone-3", "seoul-4", "unknown-zone-5", "skipped-9-march"});
  }
}

TEST_CASE("InstantOrdering gives SortByInstant's order for rows streamed in timeline order",
          "[core][timeline]") {
  const std::vector<std::vector<TimelineRow>> sets = {
      {ZonedRow("new-york-evening", "2025-01-21T20:00", "America/New_York"),
       ZonedRow("seoul-morning", "2025-01-22T09:00", "Asia/Seoul")},
      {ZonedRow("seoul-afternoon", "2025-02-04", "Asia/Seoul", PartOfDay::kAfternoon),
       Row("utc-day", "2025-02-04"),
       ZonedRow("seoul-morning", "2025-02-04", "Asia/Seoul", PartOfDay::kMorning),
       ZonedRow("seoul-day", "2025-02-04", "Asia/Seoul"), Row("utc-3", "2025-02-03"),
       ZonedRow("c", "2025-02-04", "Asia/Seoul"), ZonedRow("b", "2025-02-04", "Asia/Tokyo")},
      {Row("since-2025", "2025/.."), ZonedRow("in-2025", "2025", "UTC"),
       Row("until-2025", "../2025"), Row("utc-feb", "2025-02"),
       ZonedRow("unknown-zone-5", "2025-02-05", "Mars/Olympus"),
       ZonedRow("skipped-9-march", "2025-03-09T02:30", "America/New_York")},
      {Row("b", "2025-02-05"), Row("a", "2025-02-04"), Row("c", "2025-01")},  // no instants
      {},
  };
  for (size_t set_idx = 0; set_idx < sets.size(); ++set_idx) {
    INFO("set " << set_idx);
    std::vector<TimelineRow> streamed = sets[set_idx];
    std::sort(streamed.begin(), streamed.end(), TimelineOrder);
    InstantOrdering ordering;
    for (const TimelineRow& row : streamed) ordering.Add(row);
    const std::vector<size_t> order = ordering.Order();
    REQUIRE(order.size() == streamed.size());
    std::vector<std::string> ordered_ids;
    for (size_t row_idx : order) ordered_ids.push_back(streamed[row_idx].event_id);
    CHECK(ordered_ids == InstantSortedIds(streamed));
  }
  // Not the identity where instants reorder rows.
  InstantOrdering ordering;
  ordering.Add(ZonedRow("new-york-evening", "2025-01-21T20:00", "America/New_York"));
  ordering.Add(ZonedRow("seoul-morning", "2025-01-22T09:00", "Asia/Seoul"));
  CHECK(ordering.Order() == std::vector<size_t>{1, 0});
}

TEST_CASE("SortByInstant leaves rows without instants as they are", "[core][timeline]") {
  // Not even sorted by day: the caller's order stands, untouched.
  std::vector<TimelineRow> rows = {Row("b", "2025-02-05"), Row("a", "2025-02-04"),
                                   Row("c", "2025-01"), Row("d", "2025-01-21/..")};
  const std::vector<TimelineRow> before = rows;
  SortByInstant(&rows);
  CHECK(rows == before);
  std::vector<TimelineRow> empty;
  SortByInstant(&empty);
  CHECK(empty.empty());
}

TEST_CASE("WhenInZone shows the row's when in another zone", "[core][timeline]") {
  SECTION("a Seoul afternoon, across the date line") {
    const TimelineRow afternoon =
        ZonedRow("2025-02-04-seocho-meeting", "2025-02-04", "Asia/Seoul", PartOfDay::kAfternoon);
    CHECK(Shown(afternoon, "Asia/Seoul") == "2025-02-04 12:00–18:00");
    // 03:00-09:00 UTC: the evening before in Los Angeles (PST, UTC-8).
    CHECK(Shown(afternoon, "America/Los_Angeles") == "2025-02-03 19:00–2025-02-04 01:00");
    // UTC+14.
    CHECK(Shown(afternoon, "Pacific/Kiritimati") == "2025-02-04 17:00–23:00");
  }
  SECTION("a Kiritimati or Apia day shown in Honolulu lands on other dates") {
    // UTC+14 and UTC-10: Kiritimati's 4 February is Honolulu's 3 February, hour for hour.
    CHECK(Shown(ZonedRow("e", "2025-02-04", "Pacific/Kiritimati"), "Pacific/Honolulu") ==
          "2025-02-03");
    // Apia is UTC+13: its 4 February is 01:00 on the 3rd to 01:00 on the 4th in Honolulu.
    CHECK(Shown(ZonedRow("e", "2025-02-04", "Pacific/Apia"), "Pacific/Honolulu") ==
          "2025-02-03/2025-02-04");
  }
  SECTION("a local time is shown with the zone's abbreviation") {
    const TimelineRow evening = ZonedRow("e", "2025-01-21T20:00", "America/New_York");
    CHECK(Shown(evening, "America/New_York") == "2025-01-21 20:00 EST");
    CHECK(Shown(evening, "Asia/Seoul") == "2025-01-22 10:00 KST");
    CHECK(Shown(evening, "Pacific/Kiritimati") == "2025-01-22 15:00 +14:00");
  }
  SECTION("a row without tz is taken as UTC") {
    CHECK(Shown(Row("e", "2025-02-04"), "UTC") == "2025-02-04");
    CHECK(Shown(Row("e", "2025-02-04"), "Asia/Seoul") == "2025-02-04/2025-02-05");
    CHECK(Shown(Row("e", "2025-02-04T14:30"), "Asia/Seoul") == "2025-02-04 23:30 KST");
    CHECK(Shown(Row("e", "2025-02-04T14:30+09:00"), "UTC") == "2025-02-04 05:30 UTC");
  }
  SECTION("months, intervals and open ends keep their form in their own zone") {
    CHECK(Shown(ZonedRow("e", "2025-02", "Asia/Seoul"), "Asia/Seoul") == "2025-02");
    CHECK(Shown(Row("e", "2004-06/2006-08"), "UTC") == "2004-06/2006-08");
    CHECK(Shown(ZonedRow("e", "2025-02-10/2025-02-16", "Europe/Paris"), "Europe/Paris") ==
          "2025-02-10/2025-02-16");
    CHECK(Shown(Row("e", "2025-02-10/.."), "Asia/Seoul") == "2025-02-10/..");
  }
  SECTION("an unknown display zone is an error of the field tz") {
    for (const char* display_tz : {"Mars/Olympus", "asia/seoul", ""}) {
      Result<std::string> text = WhenInZone(Row("e", "2025-02-04"), display_tz);
      REQUIRE_FALSE(text.ok());
      CHECK(text.status().code() == StatusCode::kInvalidArgument);
      CHECK(text.status().location().field == "tz");
      CHECK(text.status().message() == "unknown time zone '" + std::string(display_tz) +
                                           "' (expected an IANA name such as Asia/Seoul)");
    }
  }
  SECTION("a row whose own instants cannot be computed is an error of the field when") {
    Result<std::string> text = WhenInZone(ZonedRow("e", "2025-02-04", "Mars/Olympus"), "UTC");
    REQUIRE_FALSE(text.ok());
    CHECK(text.status().location().field == "when");
    CHECK(text.status().message() ==
          "event 'e': unknown time zone 'Mars/Olympus' (expected an IANA name such as "
          "Asia/Seoul)");
    text = WhenInZone(ZonedRow("e", "2025-03-09T02:30", "America/New_York"), "UTC");
    REQUIRE_FALSE(text.ok());
    CHECK(text.status().location().field == "when");
    CHECK(text.status().message() ==
          "event 'e': local time 2025-03-09T02:30 does not exist in America/New_York: clocks "
          "jump from 02:00 to 03:00");
  }
}

}  // namespace
}  // namespace chronicle
