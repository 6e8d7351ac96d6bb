#include "core/zoned_time.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/edtf.h"

namespace chronicle {
namespace {

// Unix seconds of a UTC wall-clock time, computed without any zone rules (DayNumber is
// checked in edtf_test.cc), so that expectations do not depend on the code under test.
int64_t Utc(int32_t year, unsigned month, unsigned day, int64_t hour = 0, int64_t minute = 0,
            int64_t second = 0) {
  return int64_t{DayNumber(year, month, day)} * 86400 + hour * 3600 + minute * 60 + second;
}

Edtf MustParse(std::string_view text) {
  Result<Edtf> edtf = ParseEdtf(text);
  INFO("input: " << text);
  REQUIRE(edtf.ok());
  return *edtf;
}

InstantRange Instants(std::string_view when, std::optional<PartOfDay> part, std::string_view tz) {
  Result<InstantRange> range = ToInstantRange(MustParse(when), part, tz);
  INFO("when: " << when << ", tz: " << tz);
  INFO("error: " << (range.ok() ? "none" : range.status().ToString()));
  REQUIRE(range.ok());
  return *range;
}

// The error ToInstantRange gives, as "field: message".
std::string InstantsError(std::string_view when, std::optional<PartOfDay> part,
                          std::string_view tz) {
  Result<InstantRange> range = ToInstantRange(MustParse(when), part, tz);
  INFO("when: " << when << ", tz: " << tz);
  REQUIRE_FALSE(range.ok());
  CHECK(range.status().code() == StatusCode::kInvalidArgument);
  return range.status().ToString();
}

std::string Shown(const InstantRange& range, DatePrecision precision, std::optional<PartOfDay> part,
                  std::string_view tz) {
  Result<std::string> text = FormatInZone(range, precision, part, tz);
  INFO("error: " << (text.ok() ? "none" : text.status().ToString()));
  REQUIRE(text.ok());
  return *text;
}

// --- Parts of day ----------------------------------------------------------------------------

TEST_CASE("parts of day have fixed local hours", "[core][zoned_time]") {
  auto minutes = [](PartOfDay part) {
    const PartOfDaySpan span = PartOfDayMinutes(part);
    return std::vector<int32_t>{span.begin_minute, span.end_minute};
  };
  CHECK(minutes(PartOfDay::kMorning) == std::vector<int32_t>{5 * 60, 12 * 60});
  CHECK(minutes(PartOfDay::kNoon) == std::vector<int32_t>{12 * 60, 13 * 60});
  CHECK(minutes(PartOfDay::kAfternoon) == std::vector<int32_t>{12 * 60, 18 * 60});
  CHECK(minutes(PartOfDay::kEvening) == std::vector<int32_t>{18 * 60, 22 * 60});
  SECTION("the night of a day runs until 05:00 of the next, where morning begins") {
    CHECK(minutes(PartOfDay::kNight) == std::vector<int32_t>{22 * 60, 29 * 60});
    CHECK(PartOfDayMinutes(PartOfDay::kNight).end_minute - 24 * 60 ==
          PartOfDayMinutes(PartOfDay::kMorning).begin_minute);
  }
  SECTION("the enum values are stored and must not change") {
    CHECK(static_cast<int>(PartOfDay::kMorning) == 0);
    CHECK(static_cast<int>(PartOfDay::kNoon) == 1);
    CHECK(static_cast<int>(PartOfDay::kAfternoon) == 2);
    CHECK(static_cast<int>(PartOfDay::kEvening) == 3);
    CHECK(static_cast<int>(PartOfDay::kNight) == 4);
  }
}

TEST_CASE("ParsePartOfDay accepts the English names and the Korean words", "[core][zoned_time]") {
  auto parse = [](std::string_view text) {
    Result<PartOfDay> part = ParsePartOfDay(text);
    INFO("input: " << text);
    REQUIRE(part.ok());
    return *part;
  };
  SECTION("every English name round-trips through PartOfDayName") {
    REQUIRE(PartOfDayNames() ==
            std::vector<std::string>{"morning", "noon", "afternoon", "evening", "night"});
    for (const std::string& name : PartOfDayNames()) CHECK(PartOfDayName(parse(name)) == name);
  }
  SECTION("English names ignore ASCII case") {
    CHECK(parse("Morning") == PartOfDay::kMorning);
    CHECK(parse("NIGHT") == PartOfDay::kNight);
  }
  SECTION("Korean words, as HeidelTime's normPartOfDay maps them") {
    CHECK(parse("아침") == PartOfDay::kMorning);
    CHECK(parse("오전") == PartOfDay::kMorning);
    CHECK(parse("정오") == PartOfDay::kNoon);
    CHECK(parse("오후") == PartOfDay::kAfternoon);
    CHECK(parse("저녁") == PartOfDay::kEvening);
    CHECK(parse("밤") == PartOfDay::kNight);
  }
}

TEST_CASE("ParsePartOfDay rejects other words and lists the accepted values",
          "[core][zoned_time]") {
  auto error_of = [](std::string_view text) {
    Result<PartOfDay> part = ParsePartOfDay(text);
    INFO("input: " << text);
    REQUIRE_FALSE(part.ok());
    CHECK(part.status().code() == StatusCode::kInvalidArgument);
    return part.status().ToString();
  };
  const std::string expected =
      " (expected morning, noon, afternoon, evening or night; in Korean 아침, 오전, 정오, "
      "오후, 저녁 or 밤)";
  CHECK(error_of("dusk") == "part_of_day: unknown part of day 'dusk'" + expected);
  CHECK(error_of("") == "part_of_day: unknown part of day ''" + expected);
  SECTION("no white space, no near misses, no other Korean words") {
    CHECK(error_of(" morning") == "part_of_day: unknown part of day ' morning'" + expected);
    CHECK(error_of("mornings") == "part_of_day: unknown part of day 'mornings'" + expected);
    CHECK(error_of("새벽") == "part_of_day: unknown part of day '새벽'" + expected);
    CHECK(error_of("아침에") == "part_of_day: unknown part of day '아침에'" + expected);
  }
  SECTION("bytes that are not printable UTF-8 are escaped in the message") {
    CHECK(error_of("\xFFnoon\n") == "part_of_day: unknown part of day '\\xFFnoon\\x0A'" + expected);
  }
}

// --- Zones -----------------------------------------------------------------------------------

TEST_CASE("CheckTimeZone accepts tz database names only", "[core][zoned_time]") {
  CHECK(CheckTimeZone("Asia/Seoul").ok());
  CHECK(CheckTimeZone("America/New_York").ok());
  CHECK(CheckTimeZone("UTC").ok());
  CHECK(CheckTimeZone("US/Eastern").ok());  // a link
  auto error_of = [](std::string_view tz) {
    const Status status = CheckTimeZone(tz);
    INFO("tz: " << tz);
    REQUIRE_FALSE(status.ok());
    CHECK(status.code() == StatusCode::kInvalidArgument);
    CHECK(status.location().field == "tz");
    return status.message();
  };
  CHECK(error_of("Mars/Olympus") ==
        "unknown time zone 'Mars/Olympus' (expected an IANA name such as Asia/Seoul)");
  CHECK(error_of("") == "unknown time zone '' (expected an IANA name such as Asia/Seoul)");
  SECTION("names are case-sensitive and never paths") {
    CHECK(error_of("asia/seoul") ==
          "unknown time zone 'asia/seoul' (expected an IANA name such as Asia/Seoul)");
    CHECK(error_of("../../etc/passwd") ==
          "unknown time zone '../../etc/passwd' (expected an IANA name such as Asia/Seoul)");
    CHECK(error_of("KST") == "unknown time zone 'KST' (expected an IANA name such as Asia/Seoul)");
  }
}

TEST_CASE("ToInstantRange rejects an unknown zone naming the tz field", "[core][zoned_time]") {
  CHECK(InstantsError("2025-02-04", std::nullopt, "Seoul") ==
        "tz: unknown time zone 'Seoul' (expected an IANA name such as Asia/Seoul)");
  SECTION("even when an offset makes the zone unnecessary") {
    CHECK(InstantsError("2025-02-04T14:30+09:00", std::nullopt, "Asia/Sejong") ==
          "tz: unknown time zone 'Asia/Sejong' (expected an IANA name such as Asia/Seoul)");
  }
}

// --- Dates as instants -----------------------------------------------------------------------

TEST_CASE("a day covers its local day in the event's zone", "[core][zoned_time]") {
  SECTION("Asia/Seoul, UTC+9: 00:00 KST is 15:00 UTC of the day before") {
    const InstantRange day = Instants("2025-02-04", std::nullopt, "Asia/Seoul");
    CHECK(day.first_second == 1738594800);  // 2025-02-03T15:00:00Z
    CHECK(day == InstantRange{Utc(2025, 2, 3, 15), Utc(2025, 2, 4, 14, 59, 59)});
  }
  SECTION("America/New_York in winter, UTC-5") {
    CHECK(Instants("2025-01-21", std::nullopt, "America/New_York") ==
          InstantRange{Utc(2025, 1, 21, 5), Utc(2025, 1, 22, 4, 59, 59)});
  }
  SECTION("without a zone the day is a UTC day") {
    CHECK(Instants("2025-02-04", std::nullopt, "") ==
          InstantRange{Utc(2025, 2, 4), Utc(2025, 2, 4, 23, 59, 59)});
    CHECK(Instants("2025-02-04", std::nullopt, "") == Instants("2025-02-04", std::nullopt, "UTC"));
  }
  SECTION("qualifiers do not change the span") {
    CHECK(Instants("2025-02-04~", std::nullopt, "Asia/Seoul") ==
          Instants("2025-02-04", std::nullopt, "Asia/Seoul"));
  }
  SECTION("years before 1970 and before 1 CE, before zones had standard time") {
    // Seoul's local mean time was +08:27:52 until 1908.
    CHECK(Instants("1900-01-01", std::nullopt, "Asia/Seoul").first_second ==
          Utc(1900, 1, 1) - (8 * 3600 + 27 * 60 + 52));
    CHECK(Instants("-0044-03-15", std::nullopt, "").first_second == int64_t{-735525} * 86400);
  }
}

TEST_CASE("month, year and unspecified digits cover whole local periods", "[core][zoned_time]") {
  CHECK(Instants("2025-02", std::nullopt, "Asia/Seoul") ==
        InstantRange{Utc(2025, 1, 31, 15), Utc(2025, 2, 28, 14, 59, 59)});
  CHECK(Instants("2025-02-XX", std::nullopt, "Asia/Seoul") ==
        Instants("2025-02", std::nullopt, "Asia/Seoul"));
  CHECK(Instants("2025", std::nullopt, "America/New_York") ==
        InstantRange{Utc(2025, 1, 1, 5), Utc(2026, 1, 1, 4, 59, 59)});
  CHECK(Instants("201X", std::nullopt, "") ==
        InstantRange{Utc(2010, 1, 1), Utc(2019, 12, 31, 23, 59, 59)});
  SECTION("a month across a DST change has the hours it had") {
    const InstantRange march = Instants("2025-03", std::nullopt, "America/New_York");
    CHECK(march == InstantRange{Utc(2025, 3, 1, 5), Utc(2025, 4, 1, 3, 59, 59)});
    CHECK(march.last_second - march.first_second + 1 == (31 * 24 - 1) * 3600);
  }
}

TEST_CASE("a part of day narrows the day to its local hours", "[core][zoned_time]") {
  const std::string seoul = "Asia/Seoul";
  CHECK(Instants("2025-02-04", PartOfDay::kMorning, seoul) ==
        InstantRange{Utc(2025, 2, 3, 20), Utc(2025, 2, 4, 2, 59, 59)});
  CHECK(Instants("2025-02-04", PartOfDay::kNoon, seoul) ==
        InstantRange{Utc(2025, 2, 4, 3), Utc(2025, 2, 4, 3, 59, 59)});
  CHECK(Instants("2025-02-04", PartOfDay::kAfternoon, seoul) ==
        InstantRange{Utc(2025, 2, 4, 3), Utc(2025, 2, 4, 8, 59, 59)});
  CHECK(Instants("2025-02-04", PartOfDay::kEvening, seoul) ==
        InstantRange{Utc(2025, 2, 4, 9), Utc(2025, 2, 4, 12, 59, 59)});
  SECTION("the night runs into the next local day") {
    CHECK(Instants("2025-02-04", PartOfDay::kNight, seoul) ==
          InstantRange{Utc(2025, 2, 4, 13), Utc(2025, 2, 4, 19, 59, 59)});
    CHECK(Instants("2025-02-04", PartOfDay::kNight, seoul).last_second + 1 ==
          Instants("2025-02-05", PartOfDay::kMorning, seoul).first_second);
  }
  SECTION("without a zone the hours are UTC hours") {
    CHECK(Instants("2025-02-04", PartOfDay::kAfternoon, "") ==
          InstantRange{Utc(2025, 2, 4, 12), Utc(2025, 2, 4, 17, 59, 59)});
  }
}

TEST_CASE("a part of day needs a single day without a time", "[core][zoned_time]") {
  CHECK(InstantsError("2025-02", PartOfDay::kMorning, "Asia/Seoul") ==
        "part_of_day: a part of day (morning) needs a single day without a time, not '2025-02'");
  CHECK(InstantsError("2025-02-XX", PartOfDay::kEvening, "") ==
        "part_of_day: a part of day (evening) needs a single day without a time, not "
        "'2025-02-XX'");
  CHECK(InstantsError("2025-02-04T14:30", PartOfDay::kAfternoon, "Asia/Seoul") ==
        "part_of_day: a part of day (afternoon) needs a single day without a time, not "
        "'2025-02-04T14:30'");
  CHECK(InstantsError("2025-02-04/2025-02-05", PartOfDay::kNight, "") ==
        "part_of_day: a part of day (night) needs a single day without a time, not "
        "'2025-02-04/2025-02-05'");
}

TEST_CASE("a time with a UTC offset is that instant whatever the zone", "[core][zoned_time]") {
  const int64_t instant = Utc(2025, 2, 4, 5, 30);
  CHECK(Instants("2025-02-04T14:30:00+09:00", std::nullopt, "") == InstantRange{instant, instant});
  CHECK(Instants("2025-02-04T14:30:00+09:00", std::nullopt, "America/New_York") ==
        InstantRange{instant, instant});
  CHECK(Instants("2025-02-04T05:30Z", std::nullopt, "Pacific/Kiritimati") ==
        InstantRange{instant, instant});
  CHECK(Instants("2025-02-04T00:30-05:00", std::nullopt, "Asia/Seoul") ==
        InstantRange{instant, instant});
  SECTION("seconds count when written; a minute is its first second") {
    CHECK(Instants("2025-02-04T14:30:59+09:00", std::nullopt, "").first_second == instant + 59);
  }
}

TEST_CASE("a local time is wall-clock time in the event's zone", "[core][zoned_time]") {
  CHECK(Instants("2025-02-04T14:30", std::nullopt, "Asia/Seoul") ==
        InstantRange{Utc(2025, 2, 4, 5, 30), Utc(2025, 2, 4, 5, 30)});
  CHECK(Instants("2025-02-04T14:30", std::nullopt, "America/New_York").first_second ==
        Utc(2025, 2, 4, 19, 30));
  SECTION("UTC without a zone") {
    CHECK(Instants("2025-02-04T14:30", std::nullopt, "").first_second == Utc(2025, 2, 4, 14, 30));
  }
}

TEST_CASE("interval ends are converted one by one", "[core][zoned_time]") {
  CHECK(Instants("2025-02-04/2025-02-09", std::nullopt, "Asia/Seoul") ==
        InstantRange{Utc(2025, 2, 3, 15), Utc(2025, 2, 9, 14, 59, 59)});
  CHECK(Instants("2025-02-04T14:00/2025-02-04T16:30", std::nullopt, "Asia/Seoul") ==
        InstantRange{Utc(2025, 2, 4, 5), Utc(2025, 2, 4, 7, 30)});
  SECTION("ends of different kinds: a time and a day") {
    CHECK(Instants("2025-02-04T14:00+09:00/2025-02-05", std::nullopt, "America/New_York") ==
          InstantRange{Utc(2025, 2, 4, 5), Utc(2025, 2, 6, 4, 59, 59)});
  }
  SECTION("open and unknown ends are the sentinels") {
    CHECK(Instants("2025-02-10/..", std::nullopt, "Asia/Seoul") ==
          InstantRange{Utc(2025, 2, 9, 15), kOpenEndSecond});
    CHECK(Instants("../2025-02-14", std::nullopt, "Asia/Seoul") ==
          InstantRange{kOpenStartSecond, Utc(2025, 2, 14, 14, 59, 59)});
    CHECK(Instants("2025-02-10/", std::nullopt, "").last_second == kOpenEndSecond);
    CHECK(Instants("/2025-02-14", std::nullopt, "").first_second == kOpenStartSecond);
  }
  SECTION("an interval that ends before it starts once both ends are instants") {
    // ParseEdtf accepts it: both ends are on 2025-02-04.
    CHECK(InstantsError("2025-02-04T14:00Z/2025-02-04T10:00Z", std::nullopt, "") ==
          "when: interval ends before it starts: '2025-02-04T14:00Z/2025-02-04T10:00Z'");
    CHECK(InstantsError("2025-02-04/2025-02-04T05:00+14:00", std::nullopt, "") ==
          "when: interval ends before it starts: '2025-02-04/2025-02-04T05:00+14:00'");
  }
}

// --- Ordering across zones -------------------------------------------------------------------

TEST_CASE("events in Washington and Seoul sort by the instants they cover", "[core][zoned_time]") {
  const std::string washington = "America/New_York";
  const std::string seoul = "Asia/Seoul";
  // 21 January in Washington is 05:00 UTC on the 21st to 05:00 UTC on the 22nd; 22 January in
  // Seoul is 15:00 UTC on the 21st to 15:00 UTC on the 22nd. They overlap for 14 hours.
  const InstantRange washington_day = Instants("2025-01-21", std::nullopt, washington);
  const InstantRange seoul_day = Instants("2025-01-22", std::nullopt, seoul);
  CHECK(seoul_day.first_second < washington_day.last_second);
  CHECK(InstantOrder(washington_day, seoul_day));
  CHECK_FALSE(InstantOrder(seoul_day, washington_day));

  const InstantRange washington_afternoon =
      Instants("2025-01-21", PartOfDay::kAfternoon, washington);
  const InstantRange washington_evening = Instants("2025-01-21", PartOfDay::kEvening, washington);
  const InstantRange seoul_morning = Instants("2025-01-22", PartOfDay::kMorning, seoul);
  REQUIRE(washington_afternoon == InstantRange{Utc(2025, 1, 21, 17), Utc(2025, 1, 21, 22, 59, 59)});
  REQUIRE(washington_evening == InstantRange{Utc(2025, 1, 21, 23), Utc(2025, 1, 22, 2, 59, 59)});
  REQUIRE(seoul_morning == InstantRange{Utc(2025, 1, 21, 20), Utc(2025, 1, 22, 2, 59, 59)});

  SECTION("the Washington afternoon of the 21st comes before the Seoul morning of the 22nd") {
    CHECK(InstantOrder(washington_afternoon, seoul_morning));
    CHECK_FALSE(InstantOrder(seoul_morning, washington_afternoon));
  }
  SECTION("the Seoul morning of the 22nd comes before the Washington evening of the 21st") {
    // Dates alone would put the 21st first; the instants say otherwise.
    CHECK(InstantOrder(seoul_morning, washington_evening));
    CHECK_FALSE(InstantOrder(washington_evening, seoul_morning));
  }
  SECTION("Seoul before noon on the 22nd (00:00-12:00 KST) starts at 15:00 UTC on the 21st") {
    const InstantRange seoul_before_noon =
        Instants("2025-01-22T00:00/2025-01-22T11:59:59", std::nullopt, seoul);
    CHECK(seoul_before_noon == InstantRange{Utc(2025, 1, 21, 15), Utc(2025, 1, 22, 2, 59, 59)});
    CHECK(InstantOrder(seoul_before_noon, washington_afternoon));
  }
  SECTION("a timeline sorted by instants") {
    const InstantRange white_house = Instants("2025-01-21T16:00", std::nullopt, washington);
    const InstantRange seoul_noon = Instants("2025-01-22T12:00+09:00", std::nullopt, seoul);
    std::vector<InstantRange> events = {seoul_day,           washington_evening, seoul_noon,
                                        washington_day,      seoul_morning,      white_house,
                                        washington_afternoon};
    std::sort(events.begin(), events.end(), InstantOrder);
    CHECK(events == std::vector<InstantRange>{washington_day, seoul_day, washington_afternoon,
                                              seoul_morning, white_house, washington_evening,
                                              seoul_noon});
  }
}

TEST_CASE("InstantOrder orders by first second, then last second", "[core][zoned_time]") {
  const InstantRange day{100, 199};
  const InstantRange instant{100, 100};
  const InstantRange later{101, 101};
  CHECK(InstantOrder(instant, day));
  CHECK(InstantOrder(day, later));
  CHECK_FALSE(InstantOrder(day, day));
  CHECK(InstantOrder({kOpenStartSecond, 0}, instant));
  CHECK(InstantOrder(later, {101, kOpenEndSecond}));
  SECTION("a strict weak order on random ranges") {
    std::mt19937_64 random(20250204);
    std::uniform_int_distribution<int64_t> second(-3, 3);
    std::vector<InstantRange> ranges;
    for (int range_idx = 0; range_idx < 60; ++range_idx) {
      int64_t first = second(random);
      int64_t last = second(random);
      if (first > last) std::swap(first, last);
      ranges.push_back({first, last});
    }
    for (const InstantRange& a : ranges) {
      CHECK_FALSE(InstantOrder(a, a));
      for (const InstantRange& b : ranges) {
        const bool is_less = a.first_second < b.first_second ||
                             (a.first_second == b.first_second && a.last_second < b.last_second);
        CHECK(InstantOrder(a, b) == is_less);
        if (InstantOrder(a, b)) CHECK_FALSE(InstantOrder(b, a));
      }
    }
  }
}

// --- The date line ---------------------------------------------------------------------------

TEST_CASE("zones on both sides of the date line", "[core][zoned_time]") {
  const std::string kiritimati = "Pacific/Kiritimati";  // UTC+14
  const std::string pago_pago = "Pacific/Pago_Pago";    // UTC-11
  const InstantRange kiritimati_day = Instants("2025-02-04", std::nullopt, kiritimati);
  const InstantRange pago_pago_day = Instants("2025-02-04", std::nullopt, pago_pago);
  CHECK(kiritimati_day == InstantRange{Utc(2025, 2, 3, 10), Utc(2025, 2, 4, 9, 59, 59)});
  CHECK(pago_pago_day == InstantRange{Utc(2025, 2, 4, 11), Utc(2025, 2, 5, 10, 59, 59)});
  SECTION("the same date, 25 hours apart: the two days do not even overlap") {
    CHECK(pago_pago_day.first_second - kiritimati_day.first_second == 25 * 3600);
    CHECK(kiritimati_day.last_second < pago_pago_day.first_second);
  }
  SECTION("Kiritimati's 5 February begins an hour before Pago Pago's 4 February") {
    const InstantRange kiritimati_next = Instants("2025-02-05", std::nullopt, kiritimati);
    CHECK(kiritimati_next.first_second == Utc(2025, 2, 4, 10));
    CHECK(InstantOrder(kiritimati_next, pago_pago_day));
    CHECK_FALSE(InstantOrder(pago_pago_day, kiritimati_next));
    const InstantRange kiritimati_morning = Instants("2025-02-05", PartOfDay::kMorning, kiritimati);
    const InstantRange pago_pago_evening = Instants("2025-02-04", PartOfDay::kEvening, pago_pago);
    CHECK(kiritimati_morning == InstantRange{Utc(2025, 2, 4, 15), Utc(2025, 2, 4, 21, 59, 59)});
    CHECK(pago_pago_evening == InstantRange{Utc(2025, 2, 5, 5), Utc(2025, 2, 5, 8, 59, 59)});
    CHECK(InstantOrder(kiritimati_morning, pago_pago_evening));
  }
  SECTION("a Kiritimati local time shown in Pago Pago is two calendar days earlier") {
    const InstantRange instant = Instants("2025-02-05T00:30", std::nullopt, kiritimati);
    CHECK(instant.first_second == Utc(2025, 2, 4, 10, 30));
    CHECK(Shown(instant, DatePrecision::kTime, std::nullopt, pago_pago) == "2025-02-03 23:30 SST");
    CHECK(Shown(instant, DatePrecision::kTime, std::nullopt, kiritimati) ==
          "2025-02-05 00:30 +14:00");
  }
  SECTION("Kiribati skipped 31 December 1994 when it moved across the date line") {
    CHECK(InstantsError("1994-12-31", std::nullopt, kiritimati) ==
          "when: 1994-12-31 does not exist in Pacific/Kiritimati: the zone skipped that local "
          "time");
    CHECK(InstantsError("1994-12-31", PartOfDay::kNoon, kiritimati) ==
          "when: 1994-12-31 (noon) does not exist in Pacific/Kiritimati: the zone skipped that "
          "local time");
    CHECK(InstantsError("1994-12-31T12:00", std::nullopt, kiritimati) ==
          "when: local time 1994-12-31T12:00 does not exist in Pacific/Kiritimati: clocks jump "
          "from 1994-12-31T00:00 to 1995-01-01T00:00");
    // The days around it meet at the jump.
    CHECK(Instants("1994-12-30", std::nullopt, kiritimati).last_second + 1 ==
          Instants("1995-01-01", std::nullopt, kiritimati).first_second);
    CHECK(Instants("1995-01-01", std::nullopt, kiritimati).first_second == 788868000);
    // A month that contains the skipped day still converts.
    CHECK(Instants("1994-12", std::nullopt, kiritimati).last_second == 788868000 - 1);
  }
  SECTION("Samoa (Pacific/Apia) skipped 30 December 2011 the other way round") {
    CHECK(InstantsError("2011-12-30", std::nullopt, "Pacific/Apia") ==
          "when: 2011-12-30 does not exist in Pacific/Apia: the zone skipped that local time");
  }
}

// --- Daylight saving time ----------------------------------------------------------------------

TEST_CASE("America/New_York springs forward on 2025-03-09", "[core][zoned_time]") {
  const std::string new_york = "America/New_York";
  SECTION("the day lasts 23 hours") {
    const InstantRange day = Instants("2025-03-09", std::nullopt, new_york);
    CHECK(day == InstantRange{Utc(2025, 3, 9, 5), Utc(2025, 3, 10, 3, 59, 59)});
    CHECK(day.last_second - day.first_second + 1 == 23 * 3600);
  }
  SECTION("a local 02:30 does not exist and is an error naming the field") {
    CHECK(InstantsError("2025-03-09T02:30", std::nullopt, new_york) ==
          "when: local time 2025-03-09T02:30 does not exist in America/New_York: clocks jump "
          "from 02:00 to 03:00");
    CHECK(InstantsError("2025-03-09T02:00/2025-03-09T04:00", std::nullopt, new_york) ==
          "when: local time 2025-03-09T02:00 does not exist in America/New_York: clocks jump "
          "from 02:00 to 03:00");
  }
  SECTION("the times around the gap exist and are an hour apart") {
    CHECK(Instants("2025-03-09T01:59:59", std::nullopt, new_york).first_second ==
          Utc(2025, 3, 9, 6, 59, 59));
    CHECK(Instants("2025-03-09T03:00", std::nullopt, new_york).first_second == Utc(2025, 3, 9, 7));
  }
  SECTION("parts of that day use the new offset after the change") {
    CHECK(Instants("2025-03-09", PartOfDay::kMorning, new_york) ==
          InstantRange{Utc(2025, 3, 9, 9), Utc(2025, 3, 9, 15, 59, 59)});
    CHECK(Instants("2025-03-08", PartOfDay::kNight, new_york) ==
          InstantRange{Utc(2025, 3, 9, 3), Utc(2025, 3, 9, 8, 59, 59)});
  }
  SECTION("displayed with the abbreviation in force") {
    CHECK(Shown(Instants("2025-03-09T01:59", std::nullopt, new_york), DatePrecision::kTime,
                std::nullopt, new_york) == "2025-03-09 01:59 EST");
    CHECK(Shown(Instants("2025-03-09T03:00", std::nullopt, new_york), DatePrecision::kTime,
                std::nullopt, new_york) == "2025-03-09 03:00 EDT");
  }
}

TEST_CASE("America/New_York falls back on 2025-11-02", "[core][zoned_time]") {
  const std::string new_york = "America/New_York";
  const InstantRange day = Instants("2025-11-02", std::nullopt, new_york);
  CHECK(day == InstantRange{Utc(2025, 11, 2, 4), Utc(2025, 11, 3, 4, 59, 59)});
  CHECK(day.last_second - day.first_second + 1 == 25 * 3600);
  SECTION("a local 01:30 that occurs twice is its first occurrence, in EDT") {
    const InstantRange instant = Instants("2025-11-02T01:30", std::nullopt, new_york);
    CHECK(instant.first_second == Utc(2025, 11, 2, 5, 30));
    CHECK(Shown(instant, DatePrecision::kTime, std::nullopt, new_york) == "2025-11-02 01:30 EDT");
    CHECK(Shown({instant.first_second + 3600, instant.first_second + 3600}, DatePrecision::kTime,
                std::nullopt, new_york) == "2025-11-02 01:30 EST");
  }
}

TEST_CASE("a day whose midnight is skipped begins when the clocks jump", "[core][zoned_time]") {
  // Chile moved from -04 to -03 at local midnight on 2025-09-07: 00:00-00:59 never happened.
  const InstantRange day = Instants("2025-09-07", std::nullopt, "America/Santiago");
  CHECK(day == InstantRange{Utc(2025, 9, 7, 4), Utc(2025, 9, 8, 2, 59, 59)});
  CHECK(day.last_second - day.first_second + 1 == 23 * 3600);
  CHECK(Instants("2025-09-06", std::nullopt, "America/Santiago").last_second + 1 ==
        day.first_second);
  CHECK(Shown(day, DatePrecision::kDay, std::nullopt, "America/Santiago") == "2025-09-07");
}

TEST_CASE("Asia/Seoul has no daylight saving time", "[core][zoned_time]") {
  const std::string seoul = "Asia/Seoul";
  CHECK(Instants("2025-01-04T12:00", std::nullopt, seoul).first_second == Utc(2025, 1, 4, 3));
  CHECK(Instants("2025-07-04T12:00", std::nullopt, seoul).first_second == Utc(2025, 7, 4, 3));
  for (const char* when : {"2025-01-15", "2025-04-15", "2025-07-15", "2025-10-15"}) {
    const InstantRange day = Instants(when, std::nullopt, seoul);
    INFO("day: " << when);
    CHECK(day.last_second - day.first_second + 1 == 24 * 3600);
    CHECK(Shown(day, DatePrecision::kDay, std::nullopt, seoul) == when);
  }
  CHECK(Shown(Instants("2025-07-04T12:00", std::nullopt, seoul), DatePrecision::kTime, std::nullopt,
              seoul) == "2025-07-04 12:00 KST");
}

// --- Display ---------------------------------------------------------------------------------

TEST_CASE("FormatInZone shows a time as local time with the zone", "[core][zoned_time]") {
  const InstantRange meeting = Instants("2025-02-04T14:30:00+09:00", std::nullopt, "");
  CHECK(Shown(meeting, DatePrecision::kTime, std::nullopt, "Asia/Seoul") == "2025-02-04 14:30 KST");
  CHECK(Shown(meeting, DatePrecision::kTime, std::nullopt, "America/New_York") ==
        "2025-02-04 00:30 EST");
  CHECK(Shown(meeting, DatePrecision::kTime, std::nullopt, "") == "2025-02-04 05:30 UTC");
  CHECK(Shown(meeting, DatePrecision::kTime, std::nullopt, "America/Santiago") ==
        "2025-02-04 02:30 -03:00");
  CHECK(Shown(meeting, DatePrecision::kTime, std::nullopt, "Asia/Kolkata") ==
        "2025-02-04 11:00 IST");
  SECTION("seconds appear only when not zero") {
    CHECK(Shown({meeting.first_second + 7, meeting.first_second + 7}, DatePrecision::kTime,
                std::nullopt, "Asia/Seoul") == "2025-02-04 14:30:07 KST");
  }
  SECTION("a range of instants shows both ends") {
    CHECK(Shown(Instants("2025-02-04T14:00/2025-02-04T16:00", std::nullopt, "Asia/Seoul"),
                DatePrecision::kTime, std::nullopt,
                "Asia/Seoul") == "2025-02-04 14:00 KST/2025-02-04 16:00 KST");
    CHECK(Shown({meeting.first_second, kOpenEndSecond}, DatePrecision::kTime, std::nullopt,
                "Asia/Seoul") == "2025-02-04 14:30 KST/..");
  }
}

TEST_CASE("FormatInZone shows a part of day as its local hours", "[core][zoned_time]") {
  const InstantRange afternoon = Instants("2025-02-04", PartOfDay::kAfternoon, "Asia/Seoul");
  CHECK(Shown(afternoon, DatePrecision::kDay, PartOfDay::kAfternoon, "Asia/Seoul") ==
        "2025-02-04 12:00–18:00");
  CHECK(Shown(afternoon, DatePrecision::kDay, PartOfDay::kAfternoon, "Asia/Tokyo") ==
        "2025-02-04 12:00–18:00");
  CHECK(Shown(afternoon, DatePrecision::kDay, PartOfDay::kAfternoon, "Australia/Brisbane") ==
        "2025-02-04 13:00–19:00");
  CHECK(Shown(afternoon, DatePrecision::kDay, PartOfDay::kAfternoon, "") ==
        "2025-02-04 03:00–09:00");
  SECTION("a span across local midnight shows both dates") {
    CHECK(Shown(afternoon, DatePrecision::kDay, PartOfDay::kAfternoon, "America/New_York") ==
          "2025-02-03 22:00–2025-02-04 04:00");
    CHECK(Shown(Instants("2025-02-04", PartOfDay::kNight, "Asia/Seoul"), DatePrecision::kDay,
                PartOfDay::kNight, "Asia/Seoul") == "2025-02-04 22:00–2025-02-05 05:00");
  }
}

TEST_CASE("FormatInZone shows dates as the local dates they touch", "[core][zoned_time]") {
  const InstantRange seoul_day = Instants("2025-02-04", std::nullopt, "Asia/Seoul");
  CHECK(Shown(seoul_day, DatePrecision::kDay, std::nullopt, "Asia/Seoul") == "2025-02-04");
  CHECK(Shown(seoul_day, DatePrecision::kDay, std::nullopt, "America/New_York") ==
        "2025-02-03/2025-02-04");
  CHECK(Shown(seoul_day, DatePrecision::kDay, std::nullopt, "Asia/Tokyo") == "2025-02-04");
  CHECK(Shown(Instants("2025-02-04/2025-02-09", std::nullopt, "Asia/Seoul"), DatePrecision::kDay,
              std::nullopt, "Asia/Seoul") == "2025-02-04/2025-02-09");
  SECTION("a month or year stays short where it is whole") {
    const InstantRange february = Instants("2025-02", std::nullopt, "Asia/Seoul");
    CHECK(Shown(february, DatePrecision::kMonth, std::nullopt, "Asia/Seoul") == "2025-02");
    // In UTC it starts on 31 January, and ends on the last day of February.
    CHECK(Shown(february, DatePrecision::kMonth, std::nullopt, "") == "2025-01-31/2025-02");
    CHECK(Shown(Instants("2025-02", std::nullopt, "Pacific/Kiritimati"), DatePrecision::kMonth,
                std::nullopt, "Asia/Seoul") == "2025-01-31/2025-02");
    CHECK(Shown(Instants("2025", std::nullopt, "America/New_York"), DatePrecision::kYear,
                std::nullopt, "America/New_York") == "2025");
    CHECK(Shown(Instants("2025", std::nullopt, "America/New_York"), DatePrecision::kYear,
                std::nullopt, "") == "2025/2026-01-01");
    CHECK(Shown(Instants("201X", std::nullopt, ""), DatePrecision::kDecade, std::nullopt, "") ==
          "2010/2019");
    CHECK(Shown(Instants("Y12345", std::nullopt, ""), DatePrecision::kYear, std::nullopt, "") ==
          "Y12345");
  }
  SECTION("open ends are ..") {
    CHECK(Shown(Instants("2025-02-10/..", std::nullopt, "Asia/Seoul"), DatePrecision::kDay,
                std::nullopt, "Asia/Seoul") == "2025-02-10/..");
    CHECK(Shown(Instants("../2025-02-14", std::nullopt, "Asia/Seoul"), DatePrecision::kDay,
                PartOfDay::kMorning, "America/New_York") == "../2025-02-14");
  }
  SECTION("years before 1 CE keep the EDTF sign") {
    CHECK(Shown(Instants("-0044-03-15", std::nullopt, ""), DatePrecision::kDay, std::nullopt, "") ==
          "-0044-03-15");
  }
}

TEST_CASE("a value shown in its own zone reads as written", "[core][zoned_time]") {
  const std::vector<std::string> zones = {"",
                                          "Asia/Seoul",
                                          "America/New_York",
                                          "Pacific/Kiritimati",
                                          "Pacific/Pago_Pago",
                                          "America/Santiago",
                                          "Asia/Kolkata",
                                          "Australia/Lord_Howe"};
  const std::vector<std::string> dates = {"2025-02-04", "2025-03-09", "2025-11-02", "2025-09-07",
                                          "2025-02",    "2025-03",    "2025",       "1969-12-31"};
  for (const std::string& zone : zones) {
    for (const std::string& when : dates) {
      const Edtf edtf = MustParse(when);
      INFO("zone: " << zone << ", when: " << when);
      CHECK(Shown(Instants(when, std::nullopt, zone), edtf.start.precision, std::nullopt, zone) ==
            when);
    }
  }
}

TEST_CASE("FormatInZone rejects an unknown zone and instants beyond date's years",
          "[core][zoned_time]") {
  Result<std::string> unknown =
      FormatInZone({0, 0}, DatePrecision::kTime, std::nullopt, "Asia/Busan");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().ToString() ==
        "tz: unknown time zone 'Asia/Busan' (expected an IANA name such as Asia/Seoul)");
  Result<std::string> huge =
      FormatInZone({0, int64_t{1} << 60}, DatePrecision::kDay, std::nullopt, "Asia/Seoul");
  REQUIRE_FALSE(huge.ok());
  CHECK(huge.status().message() ==
        "instant 1152921504606846976 is outside the years -32767..32767");
  Result<std::string> past_32767 =
      FormatInZone({0, Utc(32767, 12, 31, 23)}, DatePrecision::kDay, std::nullopt, "Asia/Seoul");
  REQUIRE_FALSE(past_32767.ok());
  CHECK(past_32767.status().code() == StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace chronicle
