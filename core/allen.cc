#include "core/allen.h"

#include <cassert>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/edtf.h"

namespace chronicle {
namespace {

static_assert(Inverse(AllenRelation::kBefore) == AllenRelation::kAfter);
static_assert(Inverse(AllenRelation::kFinishes) == AllenRelation::kFinishedBy);
static_assert(Inverse(AllenRelation::kEquals) == AllenRelation::kEquals);
static_assert(static_cast<int>(AllenRelation::kAfter) == kAllenRelationCount - 1);

// Half-open ends in 64 bits: latest + 1 of kOpenEndDay is 2^31, which int32_t cannot hold.
// The sentinels keep their places below and above every real day (years are limited to
// +-32767, about +-12 million days), so they act as -infinity and +infinity.
int64_t HalfOpenStart(int32_t earliest_day) { return earliest_day; }
int64_t HalfOpenEnd(int32_t latest_day) { return static_cast<int64_t>(latest_day) + 1; }

// PossibleRelations decides, for each relation, whether some choice of the four endpoints
//   a.first_day_min <= s1 <= a.first_day_max,  a.last_day_min + 1 <= e1 <= a.last_day_max + 1,
//   s1 < e1,   and the same for s2, e2 of B
// satisfies the relation's definition. Each definition is a conjunction of `x < y` and `x = y`
// between endpoints (table below), and every constraint, range bounds included, has the form
// x - y <= c with integer c (x < y is x - y <= -1 over whole days; a bound is taken against a
// fixed zero). Such a system of difference constraints is satisfiable exactly when its
// constraint graph has no negative cycle, and then it has an integer solution (Cormen et al.,
// "Introduction to Algorithms", §24.4). With five variables, Floyd-Warshall decides it at once,
// so the answer is exact without enumerating days.
enum Var : int { kZero = 0, kStartA, kEndA, kStartB, kEndB, kVarCount };

enum class Cmp : uint8_t { kLess, kEqual };

struct Constraint {
  Var lhs;
  Cmp cmp;
  Var rhs;
};

struct Definition {
  AllenRelation relation;
  int size;
  Constraint constraints[3];
};

// Allen's definitions over half-open spans [s1, e1) of A and [s2, e2) of B (with s1 < e1 and
// s2 < e2 always required). RelateSpans below applies the same table as a decision tree.
constexpr Definition kDefinitions[kAllenRelationCount] = {
    {AllenRelation::kBefore, 1, {{kEndA, Cmp::kLess, kStartB}}},
    {AllenRelation::kMeets, 1, {{kEndA, Cmp::kEqual, kStartB}}},
    {AllenRelation::kOverlaps,
     3,
     {{kStartA, Cmp::kLess, kStartB}, {kStartB, Cmp::kLess, kEndA}, {kEndA, Cmp::kLess, kEndB}}},
    {AllenRelation::kStarts, 2, {{kStartA, Cmp::kEqual, kStartB}, {kEndA, Cmp::kLess, kEndB}}},
    {AllenRelation::kDuring, 2, {{kStartB, Cmp::kLess, kStartA}, {kEndA, Cmp::kLess, kEndB}}},
    {AllenRelation::kFinishes, 2, {{kStartB, Cmp::kLess, kStartA}, {kEndA, Cmp::kEqual, kEndB}}},
    {AllenRelation::kEquals, 2, {{kStartA, Cmp::kEqual, kStartB}, {kEndA, Cmp::kEqual, kEndB}}},
    {AllenRelation::kFinishedBy, 2, {{kStartA, Cmp::kLess, kStartB}, {kEndA, Cmp::kEqual, kEndB}}},
    {AllenRelation::kContains, 2, {{kStartA, Cmp::kLess, kStartB}, {kEndB, Cmp::kLess, kEndA}}},
    {AllenRelation::kStartedBy, 2, {{kStartA, Cmp::kEqual, kStartB}, {kEndB, Cmp::kLess, kEndA}}},
    {AllenRelation::kOverlappedBy,
     3,
     {{kStartB, Cmp::kLess, kStartA}, {kStartA, Cmp::kLess, kEndB}, {kEndB, Cmp::kLess, kEndA}}},
    {AllenRelation::kMetBy, 1, {{kStartA, Cmp::kEqual, kEndB}}},
    {AllenRelation::kAfter, 1, {{kEndB, Cmp::kLess, kStartA}}},
};

// A system of constraints x_to - x_from <= c over the endpoint variables, kept as the tightest
// known bound for every ordered pair (kNoBound when there is none).
class DifferenceSystem {
 public:
  DifferenceSystem() {
    for (auto& row : bound_) {
      for (int64_t& cell : row) cell = kNoBound;
    }
    for (int var = 0; var < kVarCount; ++var) bound_[var][var] = 0;
  }

  // x_to - x_from <= c
  void AddAtMost(Var from, Var to, int64_t c) {
    if (c < bound_[from][to]) bound_[from][to] = c;
  }
  void AddRange(Var var, int64_t min, int64_t max) {
    AddAtMost(var, kZero, -min);  // 0 - var <= -min
    AddAtMost(kZero, var, max);   // var - 0 <= max
  }
  void Add(const Constraint& constraint) {
    if (constraint.cmp == Cmp::kLess) {
      AddAtMost(constraint.rhs, constraint.lhs, -1);  // lhs - rhs <= -1
    } else {
      AddAtMost(constraint.rhs, constraint.lhs, 0);
      AddAtMost(constraint.lhs, constraint.rhs, 0);
    }
  }

  // Floyd-Warshall; a negative cycle shows as a negative diagonal entry. Bounds stay within a
  // few times 2^32, far from overflowing int64_t.
  bool IsSatisfiable() const {
    int64_t dist[kVarCount][kVarCount];
    for (int from = 0; from < kVarCount; ++from) {
      for (int to = 0; to < kVarCount; ++to) dist[from][to] = bound_[from][to];
    }
    for (int via = 0; via < kVarCount; ++via) {
      for (int from = 0; from < kVarCount; ++from) {
        if (dist[from][via] == kNoBound) continue;
        for (int to = 0; to < kVarCount; ++to) {
          if (dist[via][to] == kNoBound) continue;
          const int64_t through = dist[from][via] + dist[via][to];
          if (through < dist[from][to]) dist[from][to] = through;
        }
      }
    }
    for (int var = 0; var < kVarCount; ++var) {
      if (dist[var][var] < 0) return false;
    }
    return true;
  }

 private:
  static constexpr int64_t kNoBound = INT64_MAX;

  int64_t bound_[kVarCount][kVarCount];
};

void AddPossibleSpan(const PossibleSpan& span, Var start, Var end, DifferenceSystem* system) {
  system->AddRange(start, HalfOpenStart(span.first_day_min), HalfOpenStart(span.first_day_max));
  system->AddRange(end, HalfOpenEnd(span.last_day_min), HalfOpenEnd(span.last_day_max));
  system->Add({start, Cmp::kLess, end});
}

// The first-day range an interval's start allows, or the last-day range its end allows.
void PointRange(const EdtfPoint& point, int32_t open_day, int32_t* min, int32_t* max) {
  switch (point.kind) {
    case EdtfPoint::Kind::kDate:
      *min = point.earliest_day;
      *max = point.latest_day;
      return;
    case EdtfPoint::Kind::kOpen:
      *min = *max = open_day;
      return;
    case EdtfPoint::Kind::kUnknown:
      // Some real day: never the sentinel itself, so an unknown start is after an open one.
      *min = kOpenStartDay + 1;
      *max = kOpenEndDay - 1;
      return;
  }
}

}  // namespace

std::string_view AllenRelationName(AllenRelation relation) {
  switch (relation) {
    case AllenRelation::kBefore:
      return "before";
    case AllenRelation::kMeets:
      return "meets";
    case AllenRelation::kOverlaps:
      return "overlaps";
    case AllenRelation::kStarts:
      return "starts";
    case AllenRelation::kDuring:
      return "during";
    case AllenRelation::kFinishes:
      return "finishes";
    case AllenRelation::kEquals:
      return "equals";
    case AllenRelation::kFinishedBy:
      return "finished-by";
    case AllenRelation::kContains:
      return "contains";
    case AllenRelation::kStartedBy:
      return "started-by";
    case AllenRelation::kOverlappedBy:
      return "overlapped-by";
    case AllenRelation::kMetBy:
      return "met-by";
    case AllenRelation::kAfter:
      return "after";
  }
  return "unknown";
}

std::string AllenRelationSet::ToString() const {
  std::string out;
  for (AllenRelation relation : kAllAllenRelations) {
    if (!Contains(relation)) continue;
    if (!out.empty()) out += '|';
    out += AllenRelationName(relation);
  }
  return out;
}

AllenRelationSet Inverse(AllenRelationSet set) {
  AllenRelationSet inverse;
  for (AllenRelation relation : kAllAllenRelations) {
    if (set.Contains(relation)) inverse.Insert(Inverse(relation));
  }
  return inverse;
}

AllenRelation RelateSpans(int32_t a_earliest, int32_t a_latest, int32_t b_earliest,
                          int32_t b_latest) {
  assert(a_earliest <= a_latest && b_earliest <= b_latest);
  const int64_t a_start = HalfOpenStart(a_earliest);
  const int64_t a_end = HalfOpenEnd(a_latest);
  const int64_t b_start = HalfOpenStart(b_earliest);
  const int64_t b_end = HalfOpenEnd(b_latest);
  if (a_end < b_start) return AllenRelation::kBefore;
  if (a_end == b_start) return AllenRelation::kMeets;
  if (b_end < a_start) return AllenRelation::kAfter;
  if (b_end == a_start) return AllenRelation::kMetBy;
  // From here on the spans share at least one day.
  if (a_start == b_start) {
    if (a_end < b_end) return AllenRelation::kStarts;
    return a_end == b_end ? AllenRelation::kEquals : AllenRelation::kStartedBy;
  }
  if (a_start < b_start) {
    if (a_end < b_end) return AllenRelation::kOverlaps;
    return a_end == b_end ? AllenRelation::kFinishedBy : AllenRelation::kContains;
  }
  if (a_end < b_end) return AllenRelation::kDuring;
  return a_end == b_end ? AllenRelation::kFinishes : AllenRelation::kOverlappedBy;
}

PossibleSpan PossibleSpanOf(const Edtf& edtf) {
  PossibleSpan span;
  if (!edtf.is_interval) {
    span.first_day_min = span.last_day_min = edtf.earliest_day;
    span.first_day_max = span.last_day_max = edtf.latest_day;
    return span;
  }
  PointRange(edtf.start, kOpenStartDay, &span.first_day_min, &span.first_day_max);
  PointRange(edtf.end, kOpenEndDay, &span.last_day_min, &span.last_day_max);
  return span;
}

AllenRelationSet PossibleRelations(const PossibleSpan& a, const PossibleSpan& b) {
  DifferenceSystem ranges;
  AddPossibleSpan(a, kStartA, kEndA, &ranges);
  AddPossibleSpan(b, kStartB, kEndB, &ranges);
  AllenRelationSet possible;
  for (const Definition& definition : kDefinitions) {
    DifferenceSystem system = ranges;
    for (int constraint_idx = 0; constraint_idx < definition.size; ++constraint_idx) {
      system.Add(definition.constraints[constraint_idx]);
    }
    if (system.IsSatisfiable()) possible.Insert(definition.relation);
  }
  return possible;
}

AllenRelationSet PossibleRelations(const Edtf& a, const Edtf& b) {
  return PossibleRelations(PossibleSpanOf(a), PossibleSpanOf(b));
}

bool CertainlyOverlaps(const Edtf& a, const Edtf& b) {
  constexpr AllenRelationSet kDisjoint = {AllenRelation::kBefore, AllenRelation::kMeets,
                                          AllenRelation::kMetBy, AllenRelation::kAfter};
  const AllenRelationSet possible = PossibleRelations(a, b);
  return !possible.empty() && !possible.ContainsAny(kDisjoint);
}

bool PossiblyOverlaps(const Edtf& a, const Edtf& b) {
  return PossiblyOverlaps(a.earliest_day, a.latest_day, b.earliest_day, b.latest_day);
}

bool PossiblyOverlaps(int32_t a_earliest, int32_t a_latest, int32_t b_earliest, int32_t b_latest) {
  assert(a_earliest <= a_latest && b_earliest <= b_latest);
  return a_earliest <= b_latest && b_earliest <= a_latest;
}

}  // namespace chronicle
