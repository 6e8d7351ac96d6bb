#include "core/edtf.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace chronicle {
namespace {

Edtf MustParse(std::string_view text) {
  Result<Edtf> edtf = ParseEdtf(text);
  INFO("input: " << text);
  INFO("error: " << (edtf.ok() ? "none" : edtf.status().message()));
  REQUIRE(edtf.ok());
  return *edtf;
}

// The message ParseEdtf gives for `text`, which must be rejected as invalid input.
std::string RejectionOf(std::string_view text) {
  Result<Edtf> edtf = ParseEdtf(text);
  INFO("input: " << text);
  INFO("parsed as: " << (edtf.ok() ? edtf->ToString() : "nothing"));
  REQUIRE_FALSE(edtf.ok());
  CHECK(edtf.status().code() == StatusCode::kInvalidArgument);
  return edtf.status().message();
}

// Parses `text`, formats it, and parses the result again: both parses must be equal.
void CheckRoundTrip(const Edtf& parsed) {
  const std::string canonical = parsed.ToString();
  INFO("canonical: " << canonical);
  Result<Edtf> reparsed = ParseEdtf(canonical);
  INFO("error: " << (reparsed.ok() ? "none" : reparsed.status().message()));
  REQUIRE(reparsed.ok());
  CHECK(*reparsed == parsed);
  CHECK(reparsed->ToString() == canonical);
}

TEST_CASE("day numbers count days since 1970-01-01", "[core][edtf]") {
  CHECK(DayNumber(1970, 1, 1) == 0);
  CHECK(DayNumber(1969, 12, 31) == -1);
  CHECK(DayNumber(1970, 1, 2) == 1);
  CHECK(DayNumber(2025, 2, 4) == 20123);
  CHECK(DayNumber(2000, 3, 1) - DayNumber(2000, 2, 28) == 2);  // 2000 is a leap year
  CHECK(DayNumber(1900, 3, 1) - DayNumber(1900, 2, 28) == 1);  // 1900 is not
  SECTION("years before 1 CE use the proleptic Gregorian calendar with a year 0") {
    CHECK(DayNumber(0, 1, 1) == -719528);
    // Expected value from Python: date(356, 3, 15) minus one 400-year cycle of 146097 days.
    CHECK(DayNumber(-44, 3, 15) == -735525);
    CHECK(DayNumber(-44, 3, 15) - DayNumber(-44, 3, 14) == 1);
    CHECK(DayNumber(1, 1, 1) - DayNumber(0, 12, 31) == 1);
  }
  SECTION("the extremes of date::year") {
    CHECK(DayNumber(-32767, 1, 1) < DayNumber(-32766, 1, 1));
    CHECK(DayNumber(32767, 12, 31) > DayNumber(32767, 1, 1));
  }
}

TEST_CASE("FormatDay writes YYYY-MM-DD and inverts DayNumber", "[core][edtf]") {
  CHECK(FormatDay(0) == "1970-01-01");
  CHECK(FormatDay(-1) == "1969-12-31");
  CHECK(FormatDay(20123) == "2025-02-04");
  CHECK(FormatDay(DayNumber(-44, 3, 15)) == "-0044-03-15");
  CHECK(FormatDay(DayNumber(0, 1, 1)) == "0000-01-01");
  CHECK(FormatDay(DayNumber(12345, 6, 7)) == "12345-06-07");
  SECTION("every day of a stretch across 1 CE and 1970 survives FormatDay then ParseEdtf") {
    for (int32_t day = DayNumber(-2, 1, 1); day <= DayNumber(2, 12, 31); ++day) {
      INFO("day " << day);
      const Edtf parsed = MustParse(FormatDay(day));
      CHECK(parsed.earliest_day == day);
      CHECK(parsed.latest_day == day);
    }
    for (int32_t day = -800; day <= 800; ++day) {
      CHECK(MustParse(FormatDay(day)).earliest_day == day);
    }
  }
}

TEST_CASE("each precision spans exactly the days it names", "[core][edtf]") {
  SECTION("day") {
    const Edtf edtf = MustParse("2025-02-04");
    CHECK(edtf.start.precision == DatePrecision::kDay);
    CHECK(edtf.start.year == 2025);
    CHECK(edtf.start.month == 2);
    CHECK(edtf.start.day == 4);
    CHECK(edtf.earliest_day == DayNumber(2025, 2, 4));
    CHECK(edtf.latest_day == DayNumber(2025, 2, 4));
    CHECK_FALSE(edtf.is_interval);
  }
  SECTION("month") {
    const Edtf edtf = MustParse("2025-02");
    CHECK(edtf.start.precision == DatePrecision::kMonth);
    CHECK(edtf.start.day == 0);
    CHECK(edtf.earliest_day == DayNumber(2025, 2, 1));
    CHECK(edtf.latest_day == DayNumber(2025, 2, 28));
  }
  SECTION("month of 31 days") {
    const Edtf edtf = MustParse("2025-12");
    CHECK(edtf.earliest_day == DayNumber(2025, 12, 1));
    CHECK(edtf.latest_day == DayNumber(2025, 12, 31));
  }
  SECTION("year") {
    const Edtf edtf = MustParse("2025");
    CHECK(edtf.start.precision == DatePrecision::kYear);
    CHECK(edtf.start.month == 0);
    CHECK(edtf.earliest_day == DayNumber(2025, 1, 1));
    CHECK(edtf.latest_day == DayNumber(2025, 12, 31));
  }
  SECTION("time of day: the span is the day written, whatever the offset") {
    const Edtf edtf = MustParse("2025-02-04T23:30:00-09:00");
    CHECK(edtf.start.precision == DatePrecision::kTime);
    CHECK(edtf.start.hour == 23);
    CHECK(edtf.start.minute == 30);
    CHECK(edtf.start.second == 0);
    CHECK(edtf.start.has_seconds);
    CHECK(edtf.start.utc_offset_minutes == -9 * 60);
    CHECK(edtf.earliest_day == DayNumber(2025, 2, 4));
    CHECK(edtf.latest_day == DayNumber(2025, 2, 4));
  }
  SECTION("negative year") {
    const Edtf edtf = MustParse("-0044");
    CHECK(edtf.start.year == -44);
    CHECK(edtf.earliest_day == DayNumber(-44, 1, 1));
    CHECK(edtf.latest_day == DayNumber(-44, 12, 31));
    CHECK(MustParse("-0044-03-15").earliest_day == DayNumber(-44, 3, 15));
  }
  SECTION("'Y' years beyond four digits") {
    const Edtf positive = MustParse("Y12345");
    CHECK(positive.start.year == 12345);
    CHECK(positive.start.precision == DatePrecision::kYear);
    CHECK(positive.earliest_day == DayNumber(12345, 1, 1));
    CHECK(positive.latest_day == DayNumber(12345, 12, 31));
    const Edtf negative = MustParse("Y-20000");
    CHECK(negative.start.year == -20000);
    CHECK(negative.earliest_day == DayNumber(-20000, 1, 1));
    CHECK(MustParse("Y32767").latest_day == DayNumber(32767, 12, 31));
    CHECK(MustParse("Y-32767").earliest_day == DayNumber(-32767, 1, 1));
  }
}

TEST_CASE("February has 29 days in leap years only", "[core][edtf]") {
  SECTION("2024-02 ends on the 29th") {
    CHECK(MustParse("2024-02").latest_day == DayNumber(2024, 2, 29));
  }
  SECTION("2023-02 ends on the 28th") {
    CHECK(MustParse("2023-02").latest_day == DayNumber(2023, 2, 28));
  }
  SECTION("2000 is a leap year (divisible by 400)") {
    CHECK(MustParse("2000-02-29").earliest_day == DayNumber(2000, 2, 29));
  }
  SECTION("2023-02-29 is rejected") {
    CHECK(RejectionOf("2023-02-29") == "2023-02-29 is not a valid date");
  }
  SECTION("1900 is not a leap year (divisible by 100, not by 400)") {
    CHECK(RejectionOf("1900-02-29") == "1900-02-29 is not a valid date");
  }
  SECTION("the year 45 BCE (-0044) is a leap year") {
    CHECK(MustParse("-0044-02").latest_day == DayNumber(-44, 2, 29));
  }
}

TEST_CASE("a month-precision span contains every day of that month and no other", "[core][edtf]") {
  for (int32_t year : {-44, 0, 1900, 1969, 1970, 2000, 2023, 2024}) {
    for (unsigned month = 1; month <= 12; ++month) {
      std::string text = FormatDay(DayNumber(year, month, 1));
      text.resize(text.size() - 3);  // drop "-01"
      INFO(text);
      const Edtf edtf = MustParse(text);
      unsigned days_seen = 0;
      for (int32_t day = edtf.earliest_day; day <= edtf.latest_day; ++day) {
        CHECK(FormatDay(day).substr(0, text.size()) == text);
        ++days_seen;
      }
      CHECK(days_seen >= 28);
      CHECK(days_seen <= 31);
      CHECK(FormatDay(edtf.earliest_day - 1).substr(0, text.size()) != text);
      CHECK(FormatDay(edtf.latest_day + 1).substr(0, text.size()) != text);
    }
  }
}

TEST_CASE("every supported form formats canonically and parses back equal", "[core][edtf]") {
  struct Case {
    std::string_view input;
    std::string_view canonical;
  };
  const std::vector<Case> cases = {
      {"2025-02-04", "2025-02-04"},
      {"2025-02", "2025-02"},
      {"2025", "2025"},
      {"0000", "0000"},
      {"-0000", "0000"},
      {"-0044", "-0044"},
      {"-0044-03-15", "-0044-03-15"},
      {"Y12345", "Y12345"},
      {"Y-12345", "Y-12345"},
      {"Y012345", "Y12345"},
      {"Y09999", "9999"},
      {"Y-00044", "-0044"},
      {"2025-02-04T14:30:00+09:00", "2025-02-04T14:30:00+09:00"},
      {"2025-02-04T14:30:00-05:30", "2025-02-04T14:30:00-05:30"},
      {"2025-02-04T14:30Z", "2025-02-04T14:30Z"},
      {"2025-02-04T14:30", "2025-02-04T14:30"},
      {"2025-02-04T14:30:59", "2025-02-04T14:30:59"},
      {"2025-02-04T14:30:00+00:00", "2025-02-04T14:30:00Z"},
      {"2025-02-04T14:30:00-00:00", "2025-02-04T14:30:00Z"},
      {"2025-02-04T00:00+14:00", "2025-02-04T00:00+14:00"},
      {"2025-02-05~", "2025-02-05~"},
      {"2025-02?", "2025-02?"},
      {"2025-02-04%", "2025-02-04%"},
      {"-0044~", "-0044~"},
      {"Y12345?", "Y12345?"},
      {"201X", "201X"},
      {"20XX", "20XX"},
      {"201X~", "201X~"},
      {"2004-XX", "2004-XX"},
      {"2004-07-XX", "2004-07-XX"},
      {"2004-XX-XX", "2004-XX-XX"},
      {"2004-XX?", "2004-XX?"},
      {"2025-02-10/2025-02-14", "2025-02-10/2025-02-14"},
      {"1964/2008", "1964/2008"},
      {"2004-06/2006-08", "2004-06/2006-08"},
      {"2004-02-01/2005", "2004-02-01/2005"},
      {"2004-06~/2004-08?", "2004-06~/2004-08?"},
      {"201X/20XX", "201X/20XX"},
      {"2025-02-10/..", "2025-02-10/.."},
      {"../2025-02-14", "../2025-02-14"},
      {"2025-02-10/", "2025-02-10/"},
      {"/2025-02-14", "/2025-02-14"},
      {"../2025", "../2025"},
      {"Y-12345/-0044", "Y-12345/-0044"},
      {"2025-02-04T09:00Z/2025-02-04T17:00Z", "2025-02-04T09:00Z/2025-02-04T17:00Z"},
  };
  for (const Case& test_case : cases) {
    INFO("input: " << test_case.input);
    const Edtf parsed = MustParse(test_case.input);
    CHECK(parsed.ToString() == test_case.canonical);
    CheckRoundTrip(parsed);
  }
}

TEST_CASE("qualifiers mark a date without widening its span", "[core][edtf]") {
  const Edtf plain = MustParse("2004-06");
  SECTION("'~' is approximate") {
    const Edtf edtf = MustParse("2004-06~");
    CHECK(edtf.start.approximate);
    CHECK_FALSE(edtf.start.uncertain);
    CHECK(edtf.earliest_day == plain.earliest_day);
    CHECK(edtf.latest_day == plain.latest_day);
  }
  SECTION("'?' is uncertain") {
    const Edtf edtf = MustParse("2004-06?");
    CHECK(edtf.start.uncertain);
    CHECK_FALSE(edtf.start.approximate);
    CHECK(edtf.earliest_day == plain.earliest_day);
    CHECK(edtf.latest_day == plain.latest_day);
  }
  SECTION("'%' is both") {
    const Edtf edtf = MustParse("2004-06%");
    CHECK(edtf.start.uncertain);
    CHECK(edtf.start.approximate);
    CHECK(edtf.earliest_day == plain.earliest_day);
    CHECK(edtf.latest_day == plain.latest_day);
  }
  SECTION("each interval endpoint carries its own qualifier") {
    const Edtf edtf = MustParse("2004-06~/2004-08?");
    CHECK(edtf.start.approximate);
    CHECK_FALSE(edtf.start.uncertain);
    CHECK(edtf.end.uncertain);
    CHECK_FALSE(edtf.end.approximate);
  }
}

TEST_CASE("unspecified digits widen the span to everything they leave open", "[core][edtf]") {
  SECTION("201X is the decade 2010..2019") {
    const Edtf edtf = MustParse("201X");
    CHECK(edtf.start.precision == DatePrecision::kDecade);
    CHECK(edtf.start.unspecified_year_digits == 1);
    CHECK(edtf.start.year == 2010);
    CHECK(edtf.earliest_day == DayNumber(2010, 1, 1));
    CHECK(edtf.latest_day == DayNumber(2019, 12, 31));
  }
  SECTION("20XX is the century 2000..2099, at year precision") {
    const Edtf edtf = MustParse("20XX");
    CHECK(edtf.start.precision == DatePrecision::kYear);
    CHECK(edtf.start.unspecified_year_digits == 2);
    CHECK(edtf.earliest_day == DayNumber(2000, 1, 1));
    CHECK(edtf.latest_day == DayNumber(2099, 12, 31));
  }
  SECTION("2004-XX is month precision spanning all of 2004") {
    const Edtf edtf = MustParse("2004-XX");
    CHECK(edtf.start.precision == DatePrecision::kMonth);
    CHECK(edtf.start.month_unspecified);
    CHECK(edtf.start.month == 0);
    CHECK(edtf.earliest_day == DayNumber(2004, 1, 1));
    CHECK(edtf.latest_day == DayNumber(2004, 12, 31));
    CHECK_FALSE(edtf == MustParse("2004"));  // a month we do not know, not a year
  }
  SECTION("2004-07-XX spans July 2004") {
    const Edtf edtf = MustParse("2004-07-XX");
    CHECK(edtf.start.precision == DatePrecision::kDay);
    CHECK(edtf.start.day_unspecified);
    CHECK(edtf.start.day == 0);
    CHECK(edtf.earliest_day == DayNumber(2004, 7, 1));
    CHECK(edtf.latest_day == DayNumber(2004, 7, 31));
  }
  SECTION("2004-02-XX spans February of the leap year 2004") {
    CHECK(MustParse("2004-02-XX").latest_day == DayNumber(2004, 2, 29));
  }
  SECTION("2004-XX-XX spans all of 2004") {
    const Edtf edtf = MustParse("2004-XX-XX");
    CHECK(edtf.start.month_unspecified);
    CHECK(edtf.start.day_unspecified);
    CHECK(edtf.earliest_day == DayNumber(2004, 1, 1));
    CHECK(edtf.latest_day == DayNumber(2004, 12, 31));
  }
}

TEST_CASE("an interval spans from its start's earliest day to its end's latest day",
          "[core][edtf]") {
  SECTION("endpoints of the same precision") {
    const Edtf edtf = MustParse("2025-02-10/2025-02-14");
    CHECK(edtf.is_interval);
    CHECK(edtf.earliest_day == DayNumber(2025, 2, 10));
    CHECK(edtf.latest_day == DayNumber(2025, 2, 14));
    CHECK(edtf.start.earliest_day == edtf.start.latest_day);
  }
  SECTION("endpoints of different precision") {
    const Edtf edtf = MustParse("2004-02-01/2005");
    CHECK(edtf.start.precision == DatePrecision::kDay);
    CHECK(edtf.end.precision == DatePrecision::kYear);
    CHECK(edtf.earliest_day == DayNumber(2004, 2, 1));
    CHECK(edtf.latest_day == DayNumber(2005, 12, 31));
  }
  SECTION("month endpoints cover their whole months") {
    const Edtf edtf = MustParse("2004-06/2006-08");
    CHECK(edtf.earliest_day == DayNumber(2004, 6, 1));
    CHECK(edtf.latest_day == DayNumber(2006, 8, 31));
  }
  SECTION("a coarse start may contain a finer end") {
    const Edtf edtf = MustParse("2025/2025-01");
    CHECK(edtf.earliest_day == DayNumber(2025, 1, 1));
    CHECK(edtf.latest_day == DayNumber(2025, 1, 31));
  }
  SECTION("an interval within one day") {
    const Edtf edtf = MustParse("2025-02-04/2025-02-04");
    CHECK(edtf.earliest_day == edtf.latest_day);
  }
  SECTION("open end") {
    const Edtf edtf = MustParse("2025-02-10/..");
    CHECK(edtf.end.kind == EdtfPoint::Kind::kOpen);
    CHECK(edtf.end.earliest_day == kOpenEndDay);
    CHECK(edtf.end.latest_day == kOpenEndDay);
    CHECK(edtf.earliest_day == DayNumber(2025, 2, 10));
    CHECK(edtf.latest_day == kOpenEndDay);
  }
  SECTION("open start") {
    const Edtf edtf = MustParse("../2025-02-14");
    CHECK(edtf.start.kind == EdtfPoint::Kind::kOpen);
    CHECK(edtf.start.earliest_day == kOpenStartDay);
    CHECK(edtf.start.latest_day == kOpenStartDay);
    CHECK(edtf.earliest_day == kOpenStartDay);
    CHECK(edtf.latest_day == DayNumber(2025, 2, 14));
  }
  SECTION("unknown end") {
    const Edtf edtf = MustParse("2025-02-10/");
    CHECK(edtf.end.kind == EdtfPoint::Kind::kUnknown);
    CHECK(edtf.latest_day == kOpenEndDay);
  }
  SECTION("unknown start") {
    const Edtf edtf = MustParse("/2025-02-14");
    CHECK(edtf.start.kind == EdtfPoint::Kind::kUnknown);
    CHECK(edtf.earliest_day == kOpenStartDay);
  }
  SECTION("open and unknown ends are different values") {
    CHECK_FALSE(MustParse("2025/..") == MustParse("2025/"));
  }
}

TEST_CASE("ParseFromBound and ParseToBound take the earliest and latest day", "[core][edtf]") {
  SECTION("--to 2025-02 includes all of February") {
    const Result<int32_t> to = ParseToBound("2025-02");
    REQUIRE(to.ok());
    CHECK(*to == DayNumber(2025, 2, 28));
  }
  SECTION("--from 2025-02 starts on the first") {
    const Result<int32_t> from = ParseFromBound("2025-02");
    REQUIRE(from.ok());
    CHECK(*from == DayNumber(2025, 2, 1));
  }
  SECTION("a year bound") {
    CHECK(*ParseFromBound("2024") == DayNumber(2024, 1, 1));
    CHECK(*ParseToBound("2024") == DayNumber(2024, 12, 31));
  }
  SECTION("an interval bound") {
    CHECK(*ParseFromBound("2024-03/2024-05") == DayNumber(2024, 3, 1));
    CHECK(*ParseToBound("2024-03/2024-05") == DayNumber(2024, 5, 31));
    CHECK(*ParseToBound("2024/..") == kOpenEndDay);
  }
  SECTION("bad bounds give ParseEdtf's errors") {
    const Result<int32_t> from = ParseFromBound("2025-13");
    REQUIRE_FALSE(from.ok());
    CHECK(from.status().code() == StatusCode::kInvalidArgument);
    CHECK(from.status().message() == "month 13 is out of range");
    const Result<int32_t> to = ParseToBound("last week");
    REQUIRE_FALSE(to.ok());
    CHECK(to.status().message() == "not an EDTF date: 'last week'");
  }
}

TEST_CASE("rejected input gets a message naming the problem", "[core][edtf]") {
  SECTION("text that is no date at all") {
    CHECK(RejectionOf("Feb 2025") == "not an EDTF date: 'Feb 2025'");
    CHECK(RejectionOf("") == "not an EDTF date: ''");
    CHECK(RejectionOf(" 2025") == "not an EDTF date: ' 2025'");
    CHECK(RejectionOf("2025 ") == "not an EDTF date: '2025 '");
    CHECK(RejectionOf("202") == "not an EDTF date: '202'");
    CHECK(RejectionOf("2025-2") == "not an EDTF date: '2025-2'");
    CHECK(RejectionOf("2025-02-4") == "not an EDTF date: '2025-02-4'");
    CHECK(RejectionOf("2025-02-04-") == "not an EDTF date: '2025-02-04-'");
    CHECK(RejectionOf("20250204") == "not an EDTF date: '20250204'");
    CHECK(RejectionOf("2025/2025/2025") == "not an EDTF date: '2025/2025/2025'");
    CHECK(RejectionOf("2025~~") == "not an EDTF date: '2025~~'");
    CHECK(RejectionOf("2025?~") == "not an EDTF date: '2025?~'");
    CHECK(RejectionOf("?") == "not an EDTF date: '?'");
    CHECK(RejectionOf("..") == "not an EDTF date: '..'");
    CHECK(RejectionOf("2025-02-04t10:00") == "not an EDTF date: '2025-02-04t10:00'");
    CHECK(RejectionOf("2025-02T10:00") == "not an EDTF date: '2025-02T10:00'");
    CHECK(RejectionOf("2025-02-04T10") == "not an EDTF date: '2025-02-04T10'");
    CHECK(RejectionOf("2025-02-04T10:00:00.5Z") == "not an EDTF date: '2025-02-04T10:00:00.5Z'");
    CHECK(RejectionOf("2025-02-04T10:00+09") == "not an EDTF date: '2025-02-04T10:00+09'");
    CHECK(RejectionOf("Y") == "not an EDTF date: 'Y'");
    CHECK(RejectionOf("Y-") == "not an EDTF date: 'Y-'");
    CHECK(RejectionOf("2025-02/Feb") == "not an EDTF date: '2025-02/Feb'");
    CHECK(RejectionOf("2001-21..24") == "seasons are not supported: '2001-21..24'");
  }
  SECTION("bytes that cannot be printed are escaped, long text is cut") {
    CHECK(RejectionOf(std::string("\xff") + '\0' + "1") == "not an EDTF date: '\\xFF\\x001'");
    CHECK(RejectionOf("2025\n") == "not an EDTF date: '2025\\x0A'");
    CHECK(RejectionOf("2025年") == "not an EDTF date: '2025年'");
    CHECK(RejectionOf(std::string(1000, '9') + "x") ==
          "not an EDTF date: '" + std::string(64, '9') + "...'");
  }
  SECTION("impossible calendar dates") {
    CHECK(RejectionOf("2025-02-30") == "2025-02-30 is not a valid date");
    CHECK(RejectionOf("2025-04-31") == "2025-04-31 is not a valid date");
    CHECK(RejectionOf("-0043-02-29") == "-0043-02-29 is not a valid date");
    CHECK(RejectionOf("2025-13") == "month 13 is out of range");
    CHECK(RejectionOf("2025-00") == "month 00 is out of range");
    CHECK(RejectionOf("2025-99-01") == "month 99 is out of range");
    CHECK(RejectionOf("2025-02-00") == "day 00 is out of range");
    CHECK(RejectionOf("2025-02-32") == "day 32 is out of range");
    CHECK(RejectionOf("2001-21") == "seasons are not supported: '2001-21'");
  }
  SECTION("years") {
    CHECK(RejectionOf("12345") == "year 12345 needs a 'Y' prefix: Y12345");
    CHECK(RejectionOf("-12345") == "year -12345 needs a 'Y' prefix: Y-12345");
    CHECK(RejectionOf("00012") == "not an EDTF date: '00012'");
    CHECK(RejectionOf("32768") == "not an EDTF date: '32768'");
    CHECK(RejectionOf("Y1234") == "year Y1234 needs at least 5 digits after 'Y'; write 1234");
    CHECK(RejectionOf("Y-44") == "year Y-44 needs at least 5 digits after 'Y'; write -0044");
    CHECK(RejectionOf("Y32768") == "year Y32768 is out of range (-32767..32767)");
    CHECK(RejectionOf("Y-170000") == "year Y-170000 is out of range (-32767..32767)");
    CHECK(RejectionOf("Y99999999999999999999999") ==
          "year Y99999999999999999999999 is out of range (-32767..32767)");
    CHECK(RejectionOf("Y12345-01") == "a 'Y' year cannot have a month or day: 'Y12345-01'");
  }
  SECTION("unspecified digits") {
    CHECK(RejectionOf("2004-XX-05") == "a specified day needs a specified month: '2004-XX-05'");
    CHECK(RejectionOf("20X5") ==
          "unspecified digits (X) must be the last digits of the year: '20X5'");
    CHECK(RejectionOf("2XXX") ==
          "at most the last two digits of a year may be unspecified (201X, 20XX): '2XXX'");
    CHECK(RejectionOf("XXXX") ==
          "at most the last two digits of a year may be unspecified (201X, 20XX): 'XXXX'");
    CHECK(RejectionOf("-004X") ==
          "unspecified digits (X) are not supported in negative years: '-004X'");
    CHECK(RejectionOf("201X-05") ==
          "a year with unspecified digits cannot have a month or day: '201X-05'");
    CHECK(RejectionOf("2004-0X") == "not an EDTF date: '2004-0X'");
    CHECK(RejectionOf("2004-07-XXT10:00") ==
          "a time of day needs a fully specified date: '2004-07-XXT10:00'");
    CHECK(RejectionOf("Y12345X") == "not an EDTF date: 'Y12345X'");
  }
  SECTION("times of day") {
    CHECK(RejectionOf("2025-02-04T24:00") == "hour 24 is out of range");
    CHECK(RejectionOf("2025-02-04T12:60") == "minute 60 is out of range");
    CHECK(RejectionOf("2025-02-04T12:30:60") == "second 60 is out of range");
    CHECK(RejectionOf("2025-02-04T12:30+14:30") ==
          "UTC offset +14:30 is out of range (-14:00..+14:00)");
    CHECK(RejectionOf("2025-02-04T12:30-15:00") ==
          "UTC offset -15:00 is out of range (-14:00..+14:00)");
    CHECK(RejectionOf("2025-02-04T12:30+05:60") ==
          "UTC offset +05:60 is out of range (-14:00..+14:00)");
    CHECK(RejectionOf("2025-02-04T12:30Z?") ==
          "a qualifier (?, ~, %) cannot follow a time of day: '2025-02-04T12:30Z?'");
  }
  SECTION("intervals") {
    CHECK(RejectionOf("2025-02-14/2025-02-10") ==
          "interval ends before it starts: '2025-02-14/2025-02-10'");
    CHECK(RejectionOf("2025/2024-12") == "interval ends before it starts: '2025/2024-12'");
    CHECK(RejectionOf("../..") == "an interval needs at least one date: '../..'");
    CHECK(RejectionOf("/") == "an interval needs at least one date: '/'");
    CHECK(RejectionOf("../") == "an interval needs at least one date: '../'");
    CHECK(RejectionOf("/..") == "an interval needs at least one date: '/..'");
    CHECK(RejectionOf("2025-13/2026") == "month 13 is out of range");
    CHECK(RejectionOf("2025/2026-02-30") == "2026-02-30 is not a valid date");
    CHECK(RejectionOf("..~/2025") == "not an EDTF date: '..~/2025'");
  }
}

// Any text ParseEdtf accepts must format to a text that parses to the same value; any text it
// rejects must be rejected with InvalidArgument. Under ASan/UBSan this also checks bounds.
TEST_CASE("arbitrary input never crashes the parser and accepted input round-trips",
          "[core][edtf]") {
  std::mt19937 random(20250204);
  auto check_input = [](const std::string& text) -> bool {
    Result<Edtf> edtf = ParseEdtf(text);
    if (!edtf.ok()) {
      CHECK(edtf.status().code() == StatusCode::kInvalidArgument);
      CHECK_FALSE(edtf.status().message().empty());
      return false;
    }
    INFO("input: " << text);
    CheckRoundTrip(*edtf);
    CHECK(edtf->earliest_day <= edtf->latest_day);
    return true;
  };

  SECTION("random bytes") {
    std::uniform_int_distribution<int> length(0, 24);
    std::uniform_int_distribution<int> byte(0, 255);
    for (int input_idx = 0; input_idx < 3000; ++input_idx) {
      std::string text(static_cast<size_t>(length(random)), '\0');
      for (char& c : text) c = static_cast<char>(byte(random));
      check_input(text);
    }
  }
  SECTION("random strings over the EDTF alphabet") {
    // Biased towards the characters of the grammar so that many inputs get deep into it.
    constexpr std::string_view kAlphabet = "0123456789012345-----X/.?~%TZ:+Y";
    std::uniform_int_distribution<size_t> length(0, 24);
    std::uniform_int_distribution<size_t> pick(0, kAlphabet.size() - 1);
    int accepted = 0;
    for (int input_idx = 0; input_idx < 5000; ++input_idx) {
      std::string text(length(random), '\0');
      for (char& c : text) c = kAlphabet[pick(random)];
      if (check_input(text)) ++accepted;
    }
    CHECK(accepted > 0);
  }
  SECTION("valid dates with one character changed, inserted or removed") {
    const std::vector<std::string> seeds = {
        "2025-02-04",  "2004-06~/2006-08?", "2025-02-04T14:30:00+09:00",
        "Y-12345",     "2004-XX-XX",        "201X/..",
        "-0044-03-15", "/2025-02-14",       "2024-02-29T23:59:59Z"};
    constexpr std::string_view kAlphabet = "0123456789-X/.?~%TZ:+Y";
    std::uniform_int_distribution<size_t> pick(0, kAlphabet.size() - 1);
    int accepted = 0;
    for (int input_idx = 0; input_idx < 3000; ++input_idx) {
      std::string text = seeds[static_cast<size_t>(input_idx) % seeds.size()];
      std::uniform_int_distribution<size_t> position(0, text.size() - 1);
      const size_t at = position(random);
      switch (input_idx % 3) {
        case 0:
          text[at] = kAlphabet[pick(random)];
          break;
        case 1:
          text.insert(at, 1, kAlphabet[pick(random)]);
          break;
        default:
          text.erase(at, 1);
          break;
      }
      if (check_input(text)) ++accepted;
    }
    CHECK(accepted > 100);
  }
}

}  // namespace
}  // namespace chronicle
