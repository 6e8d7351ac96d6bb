// Versioned records: record time, the order of versions, as-of resolution, idempotency,
// conflicts between sources, plans and what became of them, and field diffs for `history`.
//
// Chronicle is bitemporal in the sense of XTDB and Datomic (REFERENCES.md §2.4): an event's
// `when` is its valid time, and every version of a record also carries a record time, the time
// the world learnt that content. Unlike Datomic's transaction time, the record time is not the
// time of the import but the `published` time of the version's first source, so that a store
// can be filled late, in any order, and still answer "what was known on 4 February".
//
// Everything here is pure: storage calls these functions with all the versions of ONE record
// id (in any order, e.g. by import number), and cli/ prints what they return.
//
// The order of versions is (recorded_at, status stage, canonical text), and never the import
// number `tx`. Importing two batches in either order stores the same set of versions (a
// version's record time and text depend on its content and its sources only), so with an
// order computed from content alone, every answer (as-of, history, conflicts, plans) is the
// same whatever order the batches came in. `tx` is kept for display ("import #3") only.
// The status stage (planned < postponed < reported < occurred = cancelled) breaks ties
// between versions recorded at the same second, typically two papers of the same day, so that
// "planned" and "occurred" reported on one day read as a plan followed by its outcome and not
// as a status regression; the canonical text then makes the order total. A consequence: two
// versions with the same first source share a record time, and which of them is in effect is
// decided by content, not by which was imported last; a correction that must win cites the
// correcting (later) source first.
// Versions whose record time is the import time (no source) are the exception: their record
// time depends on when they were imported, so for them the order of imports does matter.
//
// Thread-safety: plain values and pure functions; SourceMap is safe for concurrent readers.
#ifndef CHRONICLE_CORE_VERSIONS_H_
#define CHRONICLE_CORE_VERSIONS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "core/status.h"

namespace chronicle {

// One version of a record.
struct RecordVersion {
  Record record;
  int64_t recorded_at = 0;  // record time, Unix seconds (UTC)
  std::string source;       // the source id the record time came from; "" = import time
  uint64_t tx = 0;          // the import that stored it (1, 2, ...); for display only

  bool operator==(const RecordVersion&) const = default;
};

// The sources a record time is taken from. storage/ implements it over the sources of the
// store and of the import in progress; being called during planning, it cannot fail, so an
// implementation over a store loads the (few) sources first and reports errors then.
class SourceLookup {
 public:
  virtual ~SourceLookup() = default;
  // The instant the source with id `source_id` was published (PublishedTime of its
  // `published`); nullopt when there is no such source or its `published` does not parse.
  // Called once per record an import plans: implementations parse each source once.
  virtual std::optional<int64_t> PublishedTimeOf(std::string_view source_id) const = 0;
};

// A SourceLookup over sources held in memory.
class SourceMap final : public SourceLookup {
 public:
  // Adds `source`, replacing a source with the same id.
  void Add(Source source);
  // The source with id `source_id`, or nullptr; valid until the map changes.
  const Source* FindSource(std::string_view source_id) const;
  std::optional<int64_t> PublishedTimeOf(std::string_view source_id) const override;

 private:
  std::map<std::string, Source, std::less<>> sources_;
};

// The instant a Source::published value denotes: "YYYY-MM-DD" is 00:00 UTC of that day, an
// RFC 3339 date-time with offset ("2025-02-05T10:30:00+05:30") is that instant. Returns nullopt
// for any other text (the importer rejects those, see record_json.cc CheckPublished).
std::optional<int64_t> PublishedTime(std::string_view published);

// The record time of a version with content `record`: the published time of its FIRST source
// (sources[0] of an event or relation) when the lookup knows that source; else `import_time`.
// Entities have no sources and always take `import_time`. A Source record is known from its
// own publication: its record time is its own `published` (import_time if that does not parse).
int64_t RecordTimeOf(const Record& record, const SourceLookup& lookup, int64_t import_time);

// The source a version's record time is taken from when that source's `published` is known (as
// the importer ensures): a Source names itself, an event or relation its first source; "" for
// an entity or a record without sources (dated by its import).
std::string DatingSourceOf(const Record& record);

// A version of `record` with recorded_at as RecordTimeOf and `source` set to the source the
// time came from ("" when it is the import time; a Source record names itself).
RecordVersion MakeRecordVersion(Record record, const SourceLookup& lookup, int64_t import_time,
                                uint64_t tx);

// How far an event has come: planned 0, postponed 1, reported 2, occurred and cancelled 3.
// Used to order versions recorded at the same time (see the top of this file).
int StatusStage(EventStatus status);

// True when moving from status `from` to `to` goes backwards. The order is partial:
//   planned < postponed < {occurred, cancelled}     reported < {occurred, cancelled}
// so occurred/cancelled -> planned, postponed or reported, and postponed -> planned, are
// regressions. occurred <-> cancelled is not a regression (both are outcomes; between sources
// it is a disagreement), and reported <-> planned/postponed is neither: "reported" says how
// sure a claim is, not how far the event has come.
bool IsStatusRegression(EventStatus from, EventStatus to);

// The strict weak order of versions: recorded_at, then StatusStage (events and relations; 0
// for the others), then CanonicalRecordText. Versions equal under it have identical content
// and record time.
bool VersionOrder(const RecordVersion& a, const RecordVersion& b);

// Sorts `versions` by VersionOrder (oldest first), as `history` lists them.
void SortVersions(std::vector<RecordVersion>* versions);

// How many of `sorted` (in SortVersions order) were recorded by `as_of`: ordered by record time
// first, they are a prefix, and the last of them is the one in effect then (VersionAsOf).
size_t CountRecordedBy(const std::vector<RecordVersion>& sorted, int64_t as_of);

// The index in `versions` (any order) of the version in effect at `as_of`: the greatest under
// VersionOrder among those with recorded_at <= as_of. nullopt when every version is later
// (the record did not exist yet) or `versions` is empty.
std::optional<size_t> VersionAsOf(const std::vector<RecordVersion>& versions, int64_t as_of);

// Parses the value of --as-of into an instant (Unix seconds, UTC), inclusive:
//   2025-02-04                  the END of that day, 2025-02-04T23:59:59Z, so that what was
//                               published that day is included
//   2025-02, 2025, 202X         the end of the month / year / decade
//   2025-02-04T15:30:00+09:00   that instant ("Z" for UTC; seconds optional)
// Days are UTC days. Returns InvalidArgument whose message starts "--as-of: " for anything
// else: an impossible date ("--as-of: 2025-02-30 is not a valid date"), a date-time without
// offset, an interval, an approximate or uncertain date, text that is no date.
[[nodiscard]] Result<int64_t> ParseAsOf(std::string_view text);

// True when storing `incoming` would add nothing: `existing` (all versions of the same id,
// any order) holds a version with the same canonical text and the same recorded_at, or the
// version in effect at incoming.recorded_at, or another version recorded at the same instant
// as that one, has the same canonical text (re-reporting the same content, e.g. re-importing
// records without sources at a later import time, including two versions of one id that one
// import brought together).
// The second rule does not make answers depend on import order for sourced versions: equal
// text means equal sources, hence the same record time, where the first rule already decides.
// (It could only if a source's `published` were changed between imports.) Its cost: re-stating
// the losing one of two same-instant versions later, alone, is taken as a repeat.
bool IsDuplicateVersion(const std::vector<RecordVersion>& existing, const RecordVersion& incoming);

// Why a field is listed by FindConflicts.
enum class ConflictKind : uint8_t {
  kDisagreement,      // current claims of different sources give incompatible values
  kStatusRegression,  // the status moved backwards between consecutive versions
};
// "disagreement" or "status regression".
std::string_view ConflictKindName(ConflictKind kind);

// One version's say on a field.
struct ConflictClaim {
  std::string source;  // RecordVersion::source; "" = import time
  int64_t recorded_at = 0;
  uint64_t tx = 0;

  bool operator==(const ConflictClaim&) const = default;
};

// One value of a field and the versions that gave it, in version order.
struct ConflictValue {
  // As `show` prints it: "when" as canonical EDTF with the zone in parentheses
  // ("2025-01-21 (America/New_York)"), "status" and "kind" by name, references as ids,
  // attribute values as compact JSON ("\"730조원\"", "{\"currency\":\"USD\",\"value\":5e11}").
  std::string value;
  std::vector<ConflictClaim> claims;

  bool operator==(const ConflictValue&) const = default;
};

struct FieldConflict {
  std::string record_id;
  std::string field;  // "when", "status", "title", "attributes.investment_total", ...
  ConflictKind kind = ConflictKind::kDisagreement;
  // Disagreement: each distinct value, ordered by its first claim in version order.
  // Status regression: exactly two, the status before and the status after.
  std::vector<ConflictValue> values;

  bool operator==(const FieldConflict&) const = default;
};

// The conflicts among the versions of one record (any order).
//
// Disagreements are looked for among the CURRENT CLAIMS: the versions not superseded by a
// later one. A later version supersedes an earlier one when it is from the same source, or
// cites the earlier version's source among its own sources (its author took that source into
// account: the follow-up version of the India visit cites Yonhap's "plans to visit India"),
// or when the earlier version has no source. So a same-source correction is never a conflict,
// and a conflict is settled by importing a version that cites both sources. Compared fields:
//   event     when, status, place, title, kind, attributes.<key>
//   relation  when, status, kind, from, to, attributes.<key>
//   entity    name, kind          (source records: none)
// A field absent from a claim (no place, no such attribute) is silence, not disagreement.
// `when` values disagree when their spans (as instants, in the version's `tz` when given,
// else UTC) do not overlap: 2025-02 and 2025-02-05 agree, 2025-01-21 and 2025-01-22 do not.
// `status` values disagree only on occurred against cancelled; other differences are
// progress, and backward moves are status regressions. Other fields disagree on any
// difference.
//
// Status regressions are looked for between consecutive versions (VersionOrder) over ALL
// versions, from one source or several (IsStatusRegression).
//
// Returns disagreements in the order of the fields above (attributes by key), then status
// regressions in version order; empty when there is none.
std::vector<FieldConflict> FindConflicts(const std::vector<RecordVersion>& versions);

// An event that was planned as of some time, and what it had become by another.
struct PlanOutcome {
  std::string id;
  RecordVersion planned;  // the version in effect at as_of (status planned or postponed)
  // The version in effect at `now` when its content differs from `planned`: occurred,
  // cancelled, or still planned with refined dates. nullopt when nothing changed since.
  std::optional<RecordVersion> outcome;
};

// For each element of `events_versions` (all versions of one event id), the event when its
// version in effect at `as_of` has status planned or postponed. Records that are not events
// are skipped. Ordered by the planned version's (earliest day, latest day, id), as timelines.
// Takes the versions by value and moves the ones it keeps (pass an rvalue to avoid a copy:
// the store's 50K plans of 1M events held every record twice).
std::vector<PlanOutcome> PlansAsOf(std::vector<std::vector<RecordVersion>> events_versions,
                                   int64_t as_of, int64_t now);

// The fields that differ between two versions of a record, in canonical field order:
// "title", "when", "status", "participants", "sources", "attributes.amount", ... (one entry
// per attribute key added, removed or changed). {"type"} when the record types differ; empty
// when the records are equal.
std::vector<std::string> ChangedFields(const Record& before, const Record& after);

}  // namespace chronicle

#endif  // CHRONICLE_CORE_VERSIONS_H_
