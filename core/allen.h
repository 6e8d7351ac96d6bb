// Allen's interval relations (Allen 1983, CACM 26(11)) between the time spans of two events:
// the exact relation of two day spans, and the set of relations two imprecise dates allow.
//
// Day spans are closed ([earliest, latest], both days included, as in Edtf) but related as
// half-open [earliest, latest + 1), so that a single day is a proper interval: "2025-02-04"
// meets "2025-02-05", and "2025-02" equals "2025-02-01/2025-02-28". The open-end sentinels
// kOpenStartDay / kOpenEndDay stand for -infinity / +infinity; two open starts (or two open
// ends) coincide.
//
// Thread-safety: plain values; the functions are pure.
#ifndef CHRONICLE_CORE_ALLEN_H_
#define CHRONICLE_CORE_ALLEN_H_

#include <array>
#include <bit>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/edtf.h"

namespace chronicle {

// The 13 base relations of A to B: distinct and exhaustive, so any two spans stand in exactly
// one. The order is mirror-symmetric (the inverse of value v is 12 - v): keep it so.
enum class AllenRelation : uint8_t {
  kBefore = 0,    // A ends before B starts, with a gap
  kMeets,         // A ends the day before B starts
  kOverlaps,      // A starts first, B starts while A runs, A ends first
  kStarts,        // same start, A ends first
  kDuring,        // A lies strictly inside B
  kFinishes,      // same end, A starts last
  kEquals,        // same start, same end
  kFinishedBy,    // same end, A starts first
  kContains,      // B lies strictly inside A
  kStartedBy,     // same start, A ends last
  kOverlappedBy,  // B starts first, A starts while B runs, B ends first
  kMetBy,         // A starts the day after B ends
  kAfter,         // A starts after B ends, with a gap
};

inline constexpr int kAllenRelationCount = 13;

// Every relation, in enum order.
inline constexpr std::array<AllenRelation, kAllenRelationCount> kAllAllenRelations = {
    AllenRelation::kBefore,    AllenRelation::kMeets,        AllenRelation::kOverlaps,
    AllenRelation::kStarts,    AllenRelation::kDuring,       AllenRelation::kFinishes,
    AllenRelation::kEquals,    AllenRelation::kFinishedBy,   AllenRelation::kContains,
    AllenRelation::kStartedBy, AllenRelation::kOverlappedBy, AllenRelation::kMetBy,
    AllenRelation::kAfter,
};

// "before", "meets", "overlaps", "starts", "during", "finishes", "equals", "finished-by",
// "contains", "started-by", "overlapped-by", "met-by", "after". The view is static.
std::string_view AllenRelationName(AllenRelation relation);

// The relation of B to A when `relation` is that of A to B: before <-> after,
// meets <-> met-by, starts <-> started-by, ..., equals <-> equals.
constexpr AllenRelation Inverse(AllenRelation relation) {
  return static_cast<AllenRelation>(kAllenRelationCount - 1 - static_cast<int>(relation));
}

// A set of Allen relations (a 13-bit mask).
class AllenRelationSet {
 public:
  constexpr AllenRelationSet() = default;
  constexpr AllenRelationSet(std::initializer_list<AllenRelation> relations) {
    for (AllenRelation relation : relations) Insert(relation);
  }
  static constexpr AllenRelationSet All() {
    AllenRelationSet all;
    all.bits_ = (1u << kAllenRelationCount) - 1;
    return all;
  }

  constexpr void Insert(AllenRelation relation) { bits_ |= Bit(relation); }
  constexpr bool Contains(AllenRelation relation) const { return (bits_ & Bit(relation)) != 0; }
  constexpr bool ContainsAny(AllenRelationSet other) const { return (bits_ & other.bits_) != 0; }
  constexpr int Count() const { return std::popcount(bits_); }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr uint16_t bits() const { return bits_; }

  // The names in enum order joined by '|': "before|meets|equals"; "" for the empty set.
  std::string ToString() const;

  bool operator==(const AllenRelationSet&) const = default;

 private:
  static constexpr uint16_t Bit(AllenRelation relation) {
    return static_cast<uint16_t>(1u << static_cast<unsigned>(relation));
  }

  uint16_t bits_ = 0;
};

// The set of the inverses of `set`'s members.
AllenRelationSet Inverse(AllenRelationSet set);

// The relation of the day span A = [a_earliest, a_latest] to B = [b_earliest, b_latest]
// (inclusive days; the sentinels count as -/+infinity; no arithmetic overflows).
// REQUIRES: a_earliest <= a_latest and b_earliest <= b_latest.
AllenRelation RelateSpans(int32_t a_earliest, int32_t a_latest, int32_t b_earliest,
                          int32_t b_latest);

// Where an event with an imprecise date may really lie: its first day is some day in
// [first_day_min, first_day_max], its last day some day in [last_day_min, last_day_max], and
// first <= last. Inclusive day numbers; kOpenStartDay / kOpenEndDay mean an open end.
struct PossibleSpan {
  int32_t first_day_min = 0;
  int32_t first_day_max = 0;
  int32_t last_day_min = 0;
  int32_t last_day_max = 0;

  bool operator==(const PossibleSpan&) const = default;
};

// The possible span of the event an EDTF value dates:
// - a single value ("2025-02", "2025", "201X", "2025-02-04") is any run of days inside its
//   span: the event may be one day of the month or the whole month. A day or a time of day
//   allows exactly one span;
// - an interval runs from a day its start allows to a day its end allows ("2004-06/2006-08"
//   starts in June 2004 and ends in August 2006; "2025-02-10/2025-02-14" is exact);
// - an open end ("..") is pinned to its sentinel: the event has no start (or end);
// - an unknown end (empty) is some real day, anywhere: strictly after kOpenStartDay and
//   strictly before kOpenEndDay.
// Qualifiers ('?', '~', '%') do not widen anything, as they do not widen Edtf's span.
PossibleSpan PossibleSpanOf(const Edtf& edtf);

// Every relation A may stand in to B when each event is any run of days its PossibleSpan
// allows. Exact, for whole days: a relation is in the set exactly when some choice of real
// spans is in it. Empty only when `a` or `b` allows no span at all.
AllenRelationSet PossibleRelations(const PossibleSpan& a, const PossibleSpan& b);

// PossibleRelations(PossibleSpanOf(a), PossibleSpanOf(b)). Two day-precision values (or exact
// intervals) give one relation, the one RelateSpans gives for their spans. "2025-02" to
// "2025-02-04" gives before|meets|equals|finished-by|contains|started-by|met-by|after: the
// February event may be the 4th itself, a run of days around it, or days wholly before or
// after it.
AllenRelationSet PossibleRelations(const Edtf& a, const Edtf& b);

// For filters such as `--during EVENT`: whether A and B share at least one day ("overlap" in
// the everyday sense, not Allen's `overlaps`).
//
// CertainlyOverlaps: in every choice of real spans (PossibleRelations holds none of before,
// meets, met-by, after). "2004-06/2006-08" certainly overlaps "2005"; "2025-02" does not
// certainly overlap "2025-02-04".
bool CertainlyOverlaps(const Edtf& a, const Edtf& b);
// PossiblyOverlaps: in some choice, which is exactly when their spans intersect. The span form
// is for callers that hold only the stored spans. REQUIRES for it: as for RelateSpans.
bool PossiblyOverlaps(const Edtf& a, const Edtf& b);
bool PossiblyOverlaps(int32_t a_earliest, int32_t a_latest, int32_t b_earliest, int32_t b_latest);

}  // namespace chronicle

#endif  // CHRONICLE_CORE_ALLEN_H_
