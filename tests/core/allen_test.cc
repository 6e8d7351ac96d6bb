#include "core/allen.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/edtf.h"

namespace Catch {
template <>
struct StringMaker<chronicle::AllenRelation> {
  static std::string convert(chronicle::AllenRelation relation) {
    return std::string(chronicle::AllenRelationName(relation));
  }
};
template <>
struct StringMaker<chronicle::AllenRelationSet> {
  static std::string convert(const chronicle::AllenRelationSet& set) {
    std::string text = "{";  // appended: "{" + std::string trips GCC 12's false -Wrestrict
    text += set.ToString();
    text += '}';
    return text;
  }
};
}  // namespace Catch

namespace chronicle {
namespace {

using R = AllenRelation;

Edtf MustParse(std::string_view text) {
  Result<Edtf> edtf = ParseEdtf(text);
  INFO("input: " << text);
  INFO("error: " << (edtf.ok() ? "none" : edtf.status().message()));
  REQUIRE(edtf.ok());
  return *edtf;
}

AllenRelationSet Possible(std::string_view a, std::string_view b) {
  return PossibleRelations(MustParse(a), MustParse(b));
}

// Allen's definitions written out again, independently of core/allen.cc, over half-open
// spans [s1, e1) and [s2, e2) in 64 bits.
bool Holds(AllenRelation relation, int64_t s1, int64_t e1, int64_t s2, int64_t e2) {
  switch (relation) {
    case R::kBefore:
      return e1 < s2;
    case R::kMeets:
      return e1 == s2;
    case R::kOverlaps:
      return s1 < s2 && s2 < e1 && e1 < e2;
    case R::kStarts:
      return s1 == s2 && e1 < e2;
    case R::kDuring:
      return s2 < s1 && e1 < e2;
    case R::kFinishes:
      return s2 < s1 && e1 == e2;
    case R::kEquals:
      return s1 == s2 && e1 == e2;
    case R::kFinishedBy:
      return s1 < s2 && e1 == e2;
    case R::kContains:
      return s1 < s2 && e2 < e1;
    case R::kStartedBy:
      return s1 == s2 && e2 < e1;
    case R::kOverlappedBy:
      return s2 < s1 && s1 < e2 && e2 < e1;
    case R::kMetBy:
      return s1 == e2;
    case R::kAfter:
      return e2 < s1;
  }
  return false;
}

// The relations whose definition holds for the closed day spans [a0, a1] and [b0, b1].
AllenRelationSet HoldingRelations(int32_t a0, int32_t a1, int32_t b0, int32_t b1) {
  AllenRelationSet holding;
  for (AllenRelation relation : kAllAllenRelations) {
    if (Holds(relation, a0, int64_t{a1} + 1, b0, int64_t{b1} + 1)) holding.Insert(relation);
  }
  return holding;
}

// Random closed spans: mostly short and close together, so that shared ends are common, and
// now and then an open end.
struct SpanGenerator {
  std::mt19937 rng{20250204};

  std::pair<int32_t, int32_t> Next() {
    std::uniform_int_distribution<int32_t> day(-6, 6);
    std::uniform_int_distribution<int32_t> length(0, 4);
    std::uniform_int_distribution<int> open(0, 9);
    int32_t earliest = day(rng);
    int32_t latest = earliest + length(rng);
    if (open(rng) == 0) earliest = kOpenStartDay;
    if (open(rng) == 0) latest = kOpenEndDay;
    return {earliest, latest};
  }
};

TEST_CASE("each of the 13 relations of two day spans", "[core][allen]") {
  const int32_t feb4 = DayNumber(2025, 2, 4);
  SECTION("single days") {
    CHECK(RelateSpans(feb4, feb4, feb4 + 2, feb4 + 2) == R::kBefore);
    CHECK(RelateSpans(feb4, feb4, feb4 + 1, feb4 + 1) == R::kMeets);  // 4th meets 5th
    CHECK(RelateSpans(feb4, feb4, feb4, feb4) == R::kEquals);
    CHECK(RelateSpans(feb4 + 1, feb4 + 1, feb4, feb4) == R::kMetBy);
    CHECK(RelateSpans(feb4 + 2, feb4 + 2, feb4, feb4) == R::kAfter);
  }
  SECTION("a single day inside a longer span") {
    CHECK(RelateSpans(feb4, feb4, feb4, feb4 + 3) == R::kStarts);
    CHECK(RelateSpans(feb4 + 1, feb4 + 1, feb4, feb4 + 3) == R::kDuring);
    CHECK(RelateSpans(feb4 + 3, feb4 + 3, feb4, feb4 + 3) == R::kFinishes);
    CHECK(RelateSpans(feb4, feb4 + 3, feb4 + 3, feb4 + 3) == R::kFinishedBy);
    CHECK(RelateSpans(feb4, feb4 + 3, feb4 + 2, feb4 + 2) == R::kContains);
    CHECK(RelateSpans(feb4, feb4 + 3, feb4, feb4) == R::kStartedBy);
  }
  SECTION("spans sharing some days") {
    CHECK(RelateSpans(feb4, feb4 + 3, feb4 + 3, feb4 + 5) == R::kOverlaps);  // one shared day
    CHECK(RelateSpans(feb4 + 3, feb4 + 5, feb4, feb4 + 3) == R::kOverlappedBy);
    CHECK(RelateSpans(feb4, feb4 + 2, feb4 + 3, feb4 + 5) == R::kMeets);
  }
  SECTION("a month equals the interval of its days") {
    const Edtf month = MustParse("2025-02");
    const Edtf days = MustParse("2025-02-01/2025-02-28");
    CHECK(RelateSpans(month.earliest_day, month.latest_day, days.earliest_day, days.latest_day) ==
          R::kEquals);
    const Edtf march = MustParse("2025-03");
    CHECK(RelateSpans(month.earliest_day, month.latest_day, march.earliest_day, march.latest_day) ==
          R::kMeets);
  }
  SECTION("open ends are -infinity and +infinity") {
    CHECK(RelateSpans(kOpenStartDay, feb4, feb4 + 1, kOpenEndDay) == R::kMeets);
    CHECK(RelateSpans(kOpenStartDay, feb4, feb4 + 2, kOpenEndDay) == R::kBefore);
    CHECK(RelateSpans(kOpenStartDay, feb4, feb4, kOpenEndDay) == R::kOverlaps);
    CHECK(RelateSpans(kOpenStartDay, feb4, kOpenStartDay, feb4 + 9) == R::kStarts);
    CHECK(RelateSpans(feb4, feb4, kOpenStartDay, kOpenEndDay) == R::kDuring);
    CHECK(RelateSpans(feb4, kOpenEndDay, kOpenStartDay, kOpenEndDay) == R::kFinishes);
    CHECK(RelateSpans(kOpenStartDay, kOpenEndDay, kOpenStartDay, kOpenEndDay) == R::kEquals);
    CHECK(RelateSpans(feb4, kOpenEndDay, feb4 + 1, kOpenEndDay) == R::kFinishedBy);
    CHECK(RelateSpans(kOpenStartDay, kOpenEndDay, feb4, feb4) == R::kContains);
    CHECK(RelateSpans(kOpenStartDay, kOpenEndDay, kOpenStartDay, feb4) == R::kStartedBy);
    CHECK(RelateSpans(feb4, kOpenEndDay, kOpenStartDay, feb4) == R::kOverlappedBy);
    CHECK(RelateSpans(feb4 + 1, kOpenEndDay, kOpenStartDay, feb4) == R::kMetBy);
    CHECK(RelateSpans(feb4 + 2, kOpenEndDay, kOpenStartDay, feb4) == R::kAfter);
  }
  SECTION("the extreme real days next to the sentinels do not overflow") {
    CHECK(RelateSpans(kOpenEndDay - 1, kOpenEndDay - 1, kOpenEndDay, kOpenEndDay) == R::kMeets);
    CHECK(RelateSpans(kOpenEndDay, kOpenEndDay, kOpenEndDay, kOpenEndDay) == R::kEquals);
    CHECK(RelateSpans(kOpenStartDay, kOpenStartDay, kOpenStartDay + 1, kOpenEndDay) == R::kMeets);
  }
}

TEST_CASE("relations have their names and mirror-image inverses", "[core][allen]") {
  const std::vector<std::string> names = {
      "before",      "meets",    "overlaps",   "starts",        "during", "finishes", "equals",
      "finished-by", "contains", "started-by", "overlapped-by", "met-by", "after"};
  REQUIRE(names.size() == kAllAllenRelations.size());
  for (size_t relation_idx = 0; relation_idx < names.size(); ++relation_idx) {
    const AllenRelation relation = kAllAllenRelations[relation_idx];
    CHECK(static_cast<size_t>(relation) == relation_idx);
    CHECK(AllenRelationName(relation) == names[relation_idx]);
    CHECK(Inverse(Inverse(relation)) == relation);
    CHECK(AllenRelationName(Inverse(relation)) == names[names.size() - 1 - relation_idx]);
  }
  CHECK(Inverse(R::kBefore) == R::kAfter);
  CHECK(Inverse(R::kMeets) == R::kMetBy);
  CHECK(Inverse(R::kOverlaps) == R::kOverlappedBy);
  CHECK(Inverse(R::kStarts) == R::kStartedBy);
  CHECK(Inverse(R::kDuring) == R::kContains);
  CHECK(Inverse(R::kFinishes) == R::kFinishedBy);
  CHECK(Inverse(R::kEquals) == R::kEquals);
}

TEST_CASE("a relation set counts and names its members in enum order", "[core][allen]") {
  const AllenRelationSet set = {R::kFinishes, R::kDuring, R::kEquals, R::kStarts, R::kDuring};
  CHECK(set.Count() == 4);
  CHECK(set.Contains(R::kDuring));
  CHECK_FALSE(set.Contains(R::kOverlaps));
  CHECK(set.ToString() == "starts|during|finishes|equals");
  CHECK(Inverse(set).ToString() == "equals|finished-by|contains|started-by");
  CHECK(set.ContainsAny({R::kBefore, R::kEquals}));
  CHECK_FALSE(set.ContainsAny({R::kBefore, R::kAfter}));
  CHECK(AllenRelationSet().empty());
  CHECK(AllenRelationSet().ToString().empty());
  CHECK(AllenRelationSet::All().Count() == 13);
  CHECK(Inverse(AllenRelationSet::All()) == AllenRelationSet::All());
}

TEST_CASE("every pair of spans stands in exactly one relation, the one RelateSpans gives",
          "[core][allen]") {
  SECTION("all pairs of spans within six days: exclusive and exhaustive") {
    AllenRelationSet seen;
    for (int32_t a0 = 0; a0 < 6; ++a0) {
      for (int32_t a1 = a0; a1 < 6; ++a1) {
        for (int32_t b0 = 0; b0 < 6; ++b0) {
          for (int32_t b1 = b0; b1 < 6; ++b1) {
            const AllenRelationSet holding = HoldingRelations(a0, a1, b0, b1);
            INFO("[" << a0 << "," << a1 << "] to [" << b0 << "," << b1 << "]");
            REQUIRE(holding.Count() == 1);
            const AllenRelation relation = RelateSpans(a0, a1, b0, b1);
            CHECK(holding.Contains(relation));
            seen.Insert(relation);
          }
        }
      }
    }
    CHECK(seen == AllenRelationSet::All());
  }
  SECTION("random spans with open ends") {
    SpanGenerator spans;
    for (int pair_idx = 0; pair_idx < 3000; ++pair_idx) {
      const auto [a0, a1] = spans.Next();
      const auto [b0, b1] = spans.Next();
      const AllenRelationSet holding = HoldingRelations(a0, a1, b0, b1);
      INFO("[" << a0 << "," << a1 << "] to [" << b0 << "," << b1 << "]");
      REQUIRE(holding.Count() == 1);
      CHECK(holding.Contains(RelateSpans(a0, a1, b0, b1)));
    }
  }
}

TEST_CASE("the relation of B to A is the inverse of that of A to B", "[core][allen]") {
  SpanGenerator spans;
  for (int pair_idx = 0; pair_idx < 5000; ++pair_idx) {
    const auto [a0, a1] = spans.Next();
    const auto [b0, b1] = spans.Next();
    INFO("[" << a0 << "," << a1 << "] to [" << b0 << "," << b1 << "]");
    CHECK(RelateSpans(a0, a1, b0, b1) == Inverse(RelateSpans(b0, b1, a0, a1)));
  }
}

TEST_CASE("PossibleRelations is exactly the relations some choice of spans is in",
          "[core][allen]") {
  // Brute force over every pair of real spans, on ranges small enough to enumerate.
  std::mt19937 rng(1983);
  std::uniform_int_distribution<int32_t> day(0, 7);
  auto next_span = [&] {
    PossibleSpan span;
    span.first_day_min = day(rng);
    span.first_day_max = span.first_day_min + day(rng) / 3;
    span.last_day_min = span.first_day_min + day(rng) / 2;
    span.last_day_max = span.last_day_min + day(rng) / 3;
    return span;
  };
  for (int pair_idx = 0; pair_idx < 2000; ++pair_idx) {
    const PossibleSpan a = next_span();
    const PossibleSpan b = next_span();
    AllenRelationSet expected;
    for (int32_t a0 = a.first_day_min; a0 <= a.first_day_max; ++a0) {
      for (int32_t a1 = std::max(a0, a.last_day_min); a1 <= a.last_day_max; ++a1) {
        for (int32_t b0 = b.first_day_min; b0 <= b.first_day_max; ++b0) {
          for (int32_t b1 = std::max(b0, b.last_day_min); b1 <= b.last_day_max; ++b1) {
            expected.Insert(RelateSpans(a0, a1, b0, b1));
          }
        }
      }
    }
    INFO("A first " << a.first_day_min << ".." << a.first_day_max << " last " << a.last_day_min
                    << ".." << a.last_day_max);
    INFO("B first " << b.first_day_min << ".." << b.first_day_max << " last " << b.last_day_min
                    << ".." << b.last_day_max);
    CHECK(PossibleRelations(a, b) == expected);
    CHECK(PossibleRelations(b, a) == Inverse(expected));
  }
  SECTION("a span that allows no real span gives the empty set") {
    const PossibleSpan impossible{5, 6, 1, 2};  // every last day is before every first day
    CHECK(PossibleRelations(impossible, PossibleSpan{0, 0, 0, 0}).empty());
  }
}

TEST_CASE("PossibleSpanOf follows the EDTF form", "[core][allen]") {
  const int32_t feb1 = DayNumber(2025, 2, 1);
  const int32_t feb4 = DayNumber(2025, 2, 4);
  const int32_t feb28 = DayNumber(2025, 2, 28);
  SECTION("a single value is any run of days inside its span") {
    CHECK(PossibleSpanOf(MustParse("2025-02-04")) == PossibleSpan{feb4, feb4, feb4, feb4});
    CHECK(PossibleSpanOf(MustParse("2025-02-04T14:30Z")) == PossibleSpan{feb4, feb4, feb4, feb4});
    CHECK(PossibleSpanOf(MustParse("2025-02")) == PossibleSpan{feb1, feb28, feb1, feb28});
    CHECK(PossibleSpanOf(MustParse("2025-02?")) == PossibleSpan{feb1, feb28, feb1, feb28});
  }
  SECTION("an interval starts in its start and ends in its end") {
    CHECK(PossibleSpanOf(MustParse("2025-02-04/2025-02-28")) ==
          PossibleSpan{feb4, feb4, feb28, feb28});
    CHECK(PossibleSpanOf(MustParse("2025-02/2025-02-04")) == PossibleSpan{feb1, feb28, feb4, feb4});
  }
  SECTION("open ends are pinned, unknown ends are any real day") {
    CHECK(PossibleSpanOf(MustParse("2025-02-04/..")) ==
          PossibleSpan{feb4, feb4, kOpenEndDay, kOpenEndDay});
    CHECK(PossibleSpanOf(MustParse("../2025-02-04")) ==
          PossibleSpan{kOpenStartDay, kOpenStartDay, feb4, feb4});
    CHECK(PossibleSpanOf(MustParse("2025-02-04/")) ==
          PossibleSpan{feb4, feb4, kOpenStartDay + 1, kOpenEndDay - 1});
    CHECK(PossibleSpanOf(MustParse("/2025-02-04")) ==
          PossibleSpan{kOpenStartDay + 1, kOpenEndDay - 1, feb4, feb4});
  }
}

TEST_CASE("a month-precision event may be any run of days of its month", "[core][allen]") {
  SECTION("a month to one of its middle days") {
    const AllenRelationSet possible = Possible("2025-02", "2025-02-04");
    // The February event may be the 4th itself, a run of days starting, ending or strictly
    // around the 4th, or days wholly before or after it; it cannot partly overlap one day.
    CHECK(possible == AllenRelationSet{R::kBefore, R::kMeets, R::kEquals, R::kFinishedBy,
                                       R::kContains, R::kStartedBy, R::kMetBy, R::kAfter});
    CHECK(possible.ToString() ==
          "before|meets|equals|finished-by|contains|started-by|met-by|after");
    CHECK(Possible("2025-02-04", "2025-02") == Inverse(possible));
  }
  SECTION("a month to its first and last days") {
    CHECK(Possible("2025-02", "2025-02-01") ==
          AllenRelationSet{R::kEquals, R::kStartedBy, R::kMetBy, R::kAfter});
    CHECK(Possible("2025-02", "2025-02-28") ==
          AllenRelationSet{R::kBefore, R::kMeets, R::kFinishedBy, R::kEquals});
  }
  SECTION("a month to the exact interval of its days") {
    CHECK(Possible("2025-02", "2025-02-01/2025-02-28") ==
          AllenRelationSet{R::kStarts, R::kDuring, R::kFinishes, R::kEquals});
  }
  SECTION("two events in the same month may stand in any relation") {
    CHECK(Possible("2025-02", "2025-02") == AllenRelationSet::All());
  }
  SECTION("a month to a day of another month") {
    CHECK(Possible("2025-02", "2025-03-01") == AllenRelationSet{R::kBefore, R::kMeets});
    CHECK(Possible("2025-02", "2025-03-02") == AllenRelationSet{R::kBefore});
  }
  SECTION("an interval with month ends around a year it surely spans") {
    CHECK(Possible("2004-06/2006-08", "2005") == AllenRelationSet{R::kContains});
  }
  SECTION("open and unknown ends") {
    // An unknown end is some real day on or after the start; an open end never ends.
    CHECK(Possible("2025-02-10/", "2025-03-01") ==
          AllenRelationSet{R::kBefore, R::kMeets, R::kFinishedBy, R::kContains});
    CHECK(Possible("2025-02-10/..", "2025-03-01") == AllenRelationSet{R::kContains});
    CHECK(Possible("2025-02-10/", "2025-02-10/..") == AllenRelationSet{R::kStarts});
    CHECK(Possible("../2025-01-31", "../2025-06-30") == AllenRelationSet{R::kStarts});
    CHECK(Possible("/2025-01-31", "../2025-06-30") == AllenRelationSet{R::kDuring});
  }
}

// Random EDTF texts around February 2025: days, months, years, and intervals of them, with
// open and unknown ends. Texts ParseEdtf rejects (an interval ending before it starts) are
// left out.
std::vector<Edtf> RandomEdtfValues(int count, bool exact_only) {
  std::mt19937 rng(4);
  std::uniform_int_distribution<int32_t> day(DayNumber(2025, 1, 20), DayNumber(2025, 3, 10));
  std::uniform_int_distribution<int> form(0, 9);
  auto point = [&](bool exact) -> std::string {
    const std::string text = FormatDay(day(rng));
    if (exact) return text;
    switch (form(rng)) {
      case 0:
        return text.substr(0, 4);  // year
      case 1:
      case 2:
      case 3:
        return text.substr(0, 7);  // month
      default:
        return text;
    }
  };
  std::vector<Edtf> values;
  while (static_cast<int>(values.size()) < count) {
    std::string text;
    switch (form(rng)) {
      case 0:
      case 1:
      case 2:
      case 3:
        text = point(exact_only);
        break;
      case 4:
        text = (exact_only || form(rng) < 5 ? "../" : "/") + point(exact_only);
        break;
      case 5:
        text = point(exact_only) + (exact_only || form(rng) < 5 ? "/.." : "/");
        break;
      default:
        text = point(exact_only) + "/" + point(exact_only);
        break;
    }
    Result<Edtf> edtf = ParseEdtf(text);
    if (edtf.ok()) values.push_back(*edtf);
  }
  return values;
}

TEST_CASE("exact dates have exactly one possible relation, the one of their spans",
          "[core][allen]") {
  SECTION("two days") {
    CHECK(Possible("2025-02-04", "2025-02-05") == AllenRelationSet{R::kMeets});
    CHECK(Possible("2025-02-04", "2025-02-04T23:59Z") == AllenRelationSet{R::kEquals});
    CHECK(Possible("-0044-03-15", "2025-02-04") == AllenRelationSet{R::kBefore});
  }
  SECTION("random days, exact intervals and open ends") {
    const std::vector<Edtf> values = RandomEdtfValues(300, /*exact_only=*/true);
    for (size_t a_idx = 0; a_idx < values.size(); a_idx += 3) {
      for (size_t b_idx = 0; b_idx < values.size(); b_idx += 7) {
        const Edtf& a = values[a_idx];
        const Edtf& b = values[b_idx];
        INFO(a.ToString() << " to " << b.ToString());
        CHECK(PossibleRelations(a, b) ==
              AllenRelationSet{
                  RelateSpans(a.earliest_day, a.latest_day, b.earliest_day, b.latest_day)});
      }
    }
  }
}

bool HasUnknownEnd(const Edtf& edtf) {
  return edtf.is_interval && (edtf.start.kind == EdtfPoint::Kind::kUnknown ||
                              edtf.end.kind == EdtfPoint::Kind::kUnknown);
}

TEST_CASE("possible relations of imprecise dates are consistent", "[core][allen]") {
  const std::vector<Edtf> values = RandomEdtfValues(200, /*exact_only=*/false);
  for (size_t a_idx = 0; a_idx < values.size(); a_idx += 2) {
    for (size_t b_idx = 1; b_idx < values.size(); b_idx += 3) {
      const Edtf& a = values[a_idx];
      const Edtf& b = values[b_idx];
      INFO(a.ToString() << " to " << b.ToString());
      const AllenRelationSet possible = PossibleRelations(a, b);
      REQUIRE_FALSE(possible.empty());
      CHECK(PossibleRelations(b, a) == Inverse(possible));
      // Without unknown ends, the whole span is itself one of the possible real spans.
      if (!HasUnknownEnd(a) && !HasUnknownEnd(b)) {
        CHECK(possible.Contains(
            RelateSpans(a.earliest_day, a.latest_day, b.earliest_day, b.latest_day)));
      }
      // Possibly sharing a day is the same as the spans intersecting.
      const AllenRelationSet sharing_a_day = {R::kOverlaps, R::kStarts,    R::kDuring,
                                              R::kFinishes, R::kEquals,    R::kFinishedBy,
                                              R::kContains, R::kStartedBy, R::kOverlappedBy};
      CHECK(PossiblyOverlaps(a, b) == possible.ContainsAny(sharing_a_day));
      if (CertainlyOverlaps(a, b)) CHECK(PossiblyOverlaps(a, b));
    }
  }
}

TEST_CASE("the overlap helpers of --during tell certain from possible overlap", "[core][allen]") {
  SECTION("certain") {
    CHECK(CertainlyOverlaps(MustParse("2004-06/2006-08"), MustParse("2005")));
    CHECK(CertainlyOverlaps(MustParse("2025-02-10/2025-02-14"), MustParse("2025-02-12")));
    CHECK(CertainlyOverlaps(MustParse("2025-02-04"), MustParse("2025-02-04")));
    CHECK(CertainlyOverlaps(MustParse("../2025-02-04"), MustParse("2025-01")));
  }
  SECTION("possible only") {
    CHECK_FALSE(CertainlyOverlaps(MustParse("2025-02"), MustParse("2025-02-04")));
    CHECK(PossiblyOverlaps(MustParse("2025-02"), MustParse("2025-02-04")));
    CHECK_FALSE(CertainlyOverlaps(MustParse("2025-02-10/"), MustParse("2025-03")));
    CHECK(PossiblyOverlaps(MustParse("2025-02-10/"), MustParse("2025-03")));
  }
  SECTION("impossible") {
    CHECK_FALSE(PossiblyOverlaps(MustParse("2025-02"), MustParse("2025-03-01")));
    CHECK_FALSE(CertainlyOverlaps(MustParse("2025-02"), MustParse("2025-03-01")));
    CHECK_FALSE(PossiblyOverlaps(MustParse("2025-02-04"), MustParse("2025-02-05")));
  }
  SECTION("stored spans with open ends") {
    CHECK(PossiblyOverlaps(kOpenStartDay, 10, 10, kOpenEndDay));
    CHECK_FALSE(PossiblyOverlaps(kOpenStartDay, 9, 10, kOpenEndDay));
    CHECK(PossiblyOverlaps(kOpenStartDay, kOpenEndDay, 0, 0));
  }
}

}  // namespace
}  // namespace chronicle
