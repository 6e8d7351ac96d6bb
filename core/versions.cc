#include "core/versions.h"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <limits>
#include <set>
#include <utility>

#include "core/edtf.h"
#include "core/record_json.h"

namespace chronicle {
namespace {

// The ends of a span that is open on that side.
constexpr int64_t kBeforeAll = std::numeric_limits<int64_t>::min();
constexpr int64_t kAfterAll = std::numeric_limits<int64_t>::max();

constexpr std::string_view kAsOfExpected =
    "expected a date (2025-02-04, 2025-02, 2025) or a date-time with a UTC offset "
    "(2025-02-04T15:30:00+09:00)";

int64_t Seconds(date::sys_seconds instant) { return instant.time_since_epoch().count(); }

// 00:00 UTC of a day number.
int64_t DayStart(int32_t day) { return Seconds(date::sys_days{date::days{day}}); }

// The wall-clock time of a kTime point as if it were UTC; the caller applies the offset/zone.
date::local_seconds LocalTimeOf(const EdtfPoint& point) {
  return date::local_days{date::days{point.earliest_day}} + std::chrono::hours{point.hour} +
         std::chrono::minutes{point.minute} + std::chrono::seconds{point.second};
}

// REQUIRES: point.precision == kTime and point.utc_offset_minutes is set.
int64_t InstantOf(const EdtfPoint& point) {
  const date::sys_seconds utc{LocalTimeOf(point).time_since_epoch()};
  return Seconds(utc - std::chrono::minutes{*point.utc_offset_minutes});
}

const date::time_zone* ZoneOrNull(const std::string& tz) {
  if (tz.empty()) return nullptr;
  // locate_zone throws for an unknown name (the importer rejects those) or a missing tz
  // database; a conflict check then falls back to UTC rather than fail.
  try {
    return date::locate_zone(tz);
  } catch (const std::exception&) {
    return nullptr;
  }
}

// Local midnight of `day` in `zone` (UTC when null), as an instant. A midnight skipped by a
// daylight-saving jump maps to the jump.
int64_t LocalDayStart(int32_t day, const date::time_zone* zone) {
  if (zone == nullptr) return DayStart(day);
  return Seconds(zone->to_sys(date::local_days{date::days{day}}, date::choose::earliest));
}

// Half-open [begin, end) in Unix seconds.
struct InstantSpan {
  int64_t begin = kBeforeAll;
  int64_t end = kAfterAll;

  bool Overlaps(const InstantSpan& other) const { return begin < other.end && other.begin < end; }
};

InstantSpan PointSpan(const EdtfPoint& point, const date::time_zone* zone) {
  if (point.kind != EdtfPoint::Kind::kDate) return InstantSpan{};
  if (point.precision == DatePrecision::kTime) {
    int64_t instant = 0;
    if (point.utc_offset_minutes) {
      instant = InstantOf(point);
    } else if (zone != nullptr) {
      instant = Seconds(zone->to_sys(LocalTimeOf(point), date::choose::earliest));
    } else {
      instant = Seconds(date::sys_seconds{LocalTimeOf(point).time_since_epoch()});
    }
    return InstantSpan{instant, instant + (point.has_seconds ? 1 : 60)};
  }
  return InstantSpan{LocalDayStart(point.earliest_day, zone),
                     LocalDayStart(point.latest_day + 1, zone)};
}

// The instants a `when` may denote, in `tz` when given.
InstantSpan WhenSpan(const Edtf& when, const std::string& tz) {
  const date::time_zone* zone = ZoneOrNull(tz);
  const InstantSpan start = PointSpan(when.start, zone);
  if (!when.is_interval) return start;
  return InstantSpan{start.begin, PointSpan(when.end, zone).end};
}

std::string WhenText(const Edtf& when, const std::string& tz) {
  std::string text = when.ToString();
  if (!tz.empty()) text += " (" + tz + ")";
  return text;
}

std::string JsonText(const nlohmann::json& value) {
  // Replace rather than throw on invalid UTF-8: parsed records never hold any, and no
  // exception may leave core.
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

const std::vector<SourceRef>* SourceRefsOf(const Record& record) {
  if (const auto* event = std::get_if<Event>(&record)) return &event->sources;
  if (const auto* relation = std::get_if<Relation>(&record)) return &relation->sources;
  return nullptr;
}

std::optional<EventStatus> StatusOf(const Record& record) {
  if (const auto* event = std::get_if<Event>(&record)) return event->status;
  if (const auto* relation = std::get_if<Relation>(&record)) return relation->status;
  return std::nullopt;
}

int StageOf(const Record& record) {
  const std::optional<EventStatus> status = StatusOf(record);
  return status ? StatusStage(*status) : 0;
}

struct RecordTimeOrigin {
  int64_t at = 0;
  std::string source;
};

RecordTimeOrigin OriginOf(const Record& record, const SourceLookup& lookup, int64_t import_time) {
  if (const auto* source = std::get_if<Source>(&record)) {
    if (std::optional<int64_t> published = PublishedTime(source->published)) {
      return {*published, source->id};
    }
    return {import_time, ""};
  }
  std::string first = DatingSourceOf(record);
  if (!first.empty()) {
    if (std::optional<int64_t> published = lookup.PublishedTimeOf(first)) {
      return {*published, std::move(first)};
    }
  }
  return {import_time, ""};
}

// Canonical texts computed on first use: most comparisons are settled by record time and
// never need them.
class LazyTexts {
 public:
  explicit LazyTexts(const std::vector<RecordVersion>& versions)
      : versions_(versions), texts_(versions.size()) {}

  const std::string& Text(size_t idx) {
    if (!texts_[idx]) texts_[idx] = CanonicalRecordText(versions_[idx].record);
    return *texts_[idx];
  }

  // VersionOrder on indices.
  bool Less(size_t a_idx, size_t b_idx) {
    const RecordVersion& a = versions_[a_idx];
    const RecordVersion& b = versions_[b_idx];
    if (a.recorded_at != b.recorded_at) return a.recorded_at < b.recorded_at;
    const int a_stage = StageOf(a.record);
    const int b_stage = StageOf(b.record);
    if (a_stage != b_stage) return a_stage < b_stage;
    return Text(a_idx) < Text(b_idx);
  }

 private:
  const std::vector<RecordVersion>& versions_;
  std::vector<std::optional<std::string>> texts_;
};

std::vector<size_t> SortedIndices(const std::vector<RecordVersion>& versions) {
  std::vector<size_t> order(versions.size());
  for (size_t idx = 0; idx < order.size(); ++idx) order[idx] = idx;
  LazyTexts texts(versions);
  std::sort(order.begin(), order.end(),
            [&texts](size_t a_idx, size_t b_idx) { return texts.Less(a_idx, b_idx); });
  return order;
}

// True when `later` makes `earlier` no longer a current claim (see FindConflicts).
bool Supersedes(const RecordVersion& later, const RecordVersion& earlier) {
  if (earlier.source.empty() || earlier.source == later.source) return true;
  const std::vector<SourceRef>* refs = SourceRefsOf(later.record);
  if (refs == nullptr) return false;
  return std::any_of(refs->begin(), refs->end(),
                     [&earlier](const SourceRef& ref) { return ref.source == earlier.source; });
}

// One field as a claim gives it.
struct ClaimedValue {
  std::string field;
  std::string text;
  InstantSpan span;  // "when" only
};

void AddAttributeClaims(const nlohmann::json& attributes, std::vector<ClaimedValue>* out) {
  if (!attributes.is_object()) return;
  for (auto it = attributes.begin(); it != attributes.end(); ++it) {  // keys in sorted order
    out->push_back({"attributes." + it.key(), JsonText(it.value()), {}});
  }
}

// The compared fields of a record, fixed fields first (FieldRank order), then attributes by
// key; absent optional fields are left out.
std::vector<ClaimedValue> ClaimedFields(const Record& record) {
  std::vector<ClaimedValue> fields;
  if (const auto* event = std::get_if<Event>(&record)) {
    fields.push_back({"when", WhenText(event->when, event->tz), WhenSpan(event->when, event->tz)});
    fields.push_back({"status", std::string(EventStatusName(event->status)), {}});
    if (!event->place.empty()) fields.push_back({"place", event->place, {}});
    fields.push_back({"title", event->title, {}});
    fields.push_back({"kind", event->kind, {}});
    AddAttributeClaims(event->attributes, &fields);
  } else if (const auto* relation = std::get_if<Relation>(&record)) {
    if (relation->when) {
      fields.push_back({"when", WhenText(*relation->when, ""), WhenSpan(*relation->when, "")});
    }
    fields.push_back({"status", std::string(EventStatusName(relation->status)), {}});
    fields.push_back({"kind", relation->kind, {}});
    fields.push_back({"from", relation->from, {}});
    fields.push_back({"to", relation->to, {}});
    AddAttributeClaims(relation->attributes, &fields);
  } else if (const auto* entity = std::get_if<Entity>(&record)) {
    fields.push_back({"name", entity->name, {}});
    fields.push_back({"kind", std::string(EntityKindName(entity->kind)), {}});
  }
  return fields;
}

// Output order of the fixed fields; attributes come after all of them.
size_t FieldRank(const std::string& field) {
  static const std::vector<std::string> kOrder = {"name",  "when", "status", "place",
                                                  "title", "kind", "from",   "to"};
  const auto it = std::find(kOrder.begin(), kOrder.end(), field);
  return static_cast<size_t>(it - kOrder.begin());
}

bool FieldOutputOrder(const std::string& a, const std::string& b) {
  const size_t a_rank = FieldRank(a);
  const size_t b_rank = FieldRank(b);
  if (a_rank != b_rank) return a_rank < b_rank;
  return a < b;
}

struct FieldClaim {
  const ClaimedValue* value;
  const RecordVersion* version;
};

bool IsDisagreement(const std::string& field, const std::vector<FieldClaim>& claims) {
  if (field == "when") {
    for (size_t a_idx = 0; a_idx < claims.size(); ++a_idx) {
      for (size_t b_idx = a_idx + 1; b_idx < claims.size(); ++b_idx) {
        if (!claims[a_idx].value->span.Overlaps(claims[b_idx].value->span)) return true;
      }
    }
    return false;
  }
  if (field == "status") {
    const auto claims_status = [&claims](EventStatus status) {
      return std::any_of(claims.begin(), claims.end(), [status](const FieldClaim& claim) {
        return claim.value->text == EventStatusName(status);
      });
    };
    return claims_status(EventStatus::kOccurred) && claims_status(EventStatus::kCancelled);
  }
  return std::any_of(claims.begin(), claims.end(), [&claims](const FieldClaim& claim) {
    return claim.value->text != claims.front().value->text;
  });
}

ConflictClaim ClaimOf(const RecordVersion& version) {
  return ConflictClaim{version.source, version.recorded_at, version.tx};
}

// Groups claims (in version order) by value, values in order of their first claim.
std::vector<ConflictValue> GroupByValue(const std::vector<FieldClaim>& claims) {
  std::vector<ConflictValue> values;
  for (const FieldClaim& claim : claims) {
    auto it = std::find_if(values.begin(), values.end(), [&claim](const ConflictValue& value) {
      return value.value == claim.value->text;
    });
    if (it == values.end()) it = values.insert(values.end(), ConflictValue{claim.value->text, {}});
    it->claims.push_back(ClaimOf(*claim.version));
  }
  return values;
}

void AddAttributeChanges(const nlohmann::json& before, const nlohmann::json& after,
                         std::vector<std::string>* changed) {
  std::set<std::string> keys;
  for (const nlohmann::json* attributes : {&before, &after}) {
    if (!attributes->is_object()) continue;
    for (auto it = attributes->begin(); it != attributes->end(); ++it) keys.insert(it.key());
  }
  for (const std::string& key : keys) {
    const bool in_before = before.is_object() && before.contains(key);
    const bool in_after = after.is_object() && after.contains(key);
    if (in_before != in_after || (in_before && before.at(key) != after.at(key))) {
      changed->push_back("attributes." + key);
    }
  }
}

std::string OptionalWhenText(const std::optional<Edtf>& when) {
  return when ? when->ToString() : std::string();
}

// Appends the names of the fields that differ between two records of the same type.
struct FieldDiffer {
  const Record& after_record;
  std::vector<std::string>* changed;

  void Check(bool differs, const char* field) const {
    if (differs) changed->push_back(field);
  }

  void operator()(const Entity& before) const {
    const Entity& after = std::get<Entity>(after_record);
    Check(before.id != after.id, "id");
    Check(before.name != after.name, "name");
    Check(before.kind != after.kind, "kind");
    Check(before.aliases != after.aliases, "aliases");
    Check(before.description != after.description, "description");
    AddAttributeChanges(before.attributes, after.attributes, changed);
  }
  void operator()(const Event& before) const {
    const Event& after = std::get<Event>(after_record);
    Check(before.id != after.id, "id");
    Check(before.title != after.title, "title");
    Check(before.kind != after.kind, "kind");
    Check(before.when.ToString() != after.when.ToString(), "when");
    Check(before.tz != after.tz, "tz");
    Check(before.part_of_day != after.part_of_day, "part_of_day");
    Check(before.status != after.status, "status");
    Check(before.place != after.place, "place");
    Check(before.summary != after.summary, "summary");
    Check(before.participants != after.participants, "participants");
    Check(before.sources != after.sources, "sources");
    AddAttributeChanges(before.attributes, after.attributes, changed);
  }
  void operator()(const Relation& before) const {
    const Relation& after = std::get<Relation>(after_record);
    Check(before.id != after.id, "id");
    Check(before.kind != after.kind, "kind");
    Check(before.from != after.from, "from");
    Check(before.to != after.to, "to");
    Check(OptionalWhenText(before.when) != OptionalWhenText(after.when), "when");
    Check(before.status != after.status, "status");
    Check(before.summary != after.summary, "summary");
    Check(before.sources != after.sources, "sources");
    AddAttributeChanges(before.attributes, after.attributes, changed);
  }
  void operator()(const Source& before) const {
    const Source& after = std::get<Source>(after_record);
    Check(before.id != after.id, "id");
    Check(before.title != after.title, "title");
    Check(before.publisher != after.publisher, "publisher");
    Check(before.published != after.published, "published");
    Check(before.language != after.language, "language");
    Check(before.url != after.url, "url");
    Check(before.author != after.author, "author");
  }
};

}  // namespace

void SourceMap::Add(Source source) {
  std::string id = source.id;
  sources_.insert_or_assign(std::move(id), std::move(source));
}

const Source* SourceMap::FindSource(std::string_view source_id) const {
  const auto it = sources_.find(source_id);
  return it == sources_.end() ? nullptr : &it->second;
}

std::optional<int64_t> SourceMap::PublishedTimeOf(std::string_view source_id) const {
  const Source* source = FindSource(source_id);
  return source == nullptr ? std::nullopt : PublishedTime(source->published);
}

std::optional<int64_t> PublishedTime(std::string_view published) {
  Result<Edtf> parsed = ParseEdtf(published);
  if (!parsed.ok() || parsed->is_interval) return std::nullopt;
  const EdtfPoint& point = parsed->start;
  if (point.uncertain || point.approximate) return std::nullopt;
  if (point.precision == DatePrecision::kDay && !point.month_unspecified &&
      !point.day_unspecified) {
    return DayStart(point.earliest_day);
  }
  if (point.precision == DatePrecision::kTime && point.utc_offset_minutes) {
    return InstantOf(point);
  }
  return std::nullopt;
}

std::string DatingSourceOf(const Record& record) {
  if (const auto* source = std::get_if<Source>(&record)) return source->id;
  const std::vector<SourceRef>* refs = SourceRefsOf(record);
  return refs != nullptr && !refs->empty() ? refs->front().source : std::string();
}

int64_t RecordTimeOf(const Record& record, const SourceLookup& lookup, int64_t import_time) {
  return OriginOf(record, lookup, import_time).at;
}

RecordVersion MakeRecordVersion(Record record, const SourceLookup& lookup, int64_t import_time,
                                uint64_t tx) {
  RecordTimeOrigin origin = OriginOf(record, lookup, import_time);
  return RecordVersion{std::move(record), origin.at, std::move(origin.source), tx};
}

int StatusStage(EventStatus status) {
  switch (status) {
    case EventStatus::kPlanned:
      return 0;
    case EventStatus::kPostponed:
      return 1;
    case EventStatus::kReported:
      return 2;
    case EventStatus::kOccurred:
    case EventStatus::kCancelled:
      return 3;
  }
  return 0;
}

bool IsStatusRegression(EventStatus from, EventStatus to) {
  const auto is_outcome = [](EventStatus status) {
    return status == EventStatus::kOccurred || status == EventStatus::kCancelled;
  };
  if (is_outcome(from)) return !is_outcome(to);
  return from == EventStatus::kPostponed && to == EventStatus::kPlanned;
}

bool VersionOrder(const RecordVersion& a, const RecordVersion& b) {
  if (a.recorded_at != b.recorded_at) return a.recorded_at < b.recorded_at;
  const int a_stage = StageOf(a.record);
  const int b_stage = StageOf(b.record);
  if (a_stage != b_stage) return a_stage < b_stage;
  return CanonicalRecordText(a.record) < CanonicalRecordText(b.record);
}

void SortVersions(std::vector<RecordVersion>* versions) {
  const std::vector<size_t> order = SortedIndices(*versions);
  std::vector<RecordVersion> sorted;
  sorted.reserve(versions->size());
  for (size_t idx : order) sorted.push_back(std::move((*versions)[idx]));
  *versions = std::move(sorted);
}

size_t CountRecordedBy(const std::vector<RecordVersion>& sorted, int64_t as_of) {
  return static_cast<size_t>(
      std::partition_point(sorted.begin(), sorted.end(),
                           [as_of](const RecordVersion& version) {
                             return version.recorded_at <= as_of;
                           }) -
      sorted.begin());
}

std::optional<size_t> VersionAsOf(const std::vector<RecordVersion>& versions, int64_t as_of) {
  std::optional<size_t> best;
  for (size_t idx = 0; idx < versions.size(); ++idx) {
    if (versions[idx].recorded_at > as_of) continue;
    if (!best || VersionOrder(versions[*best], versions[idx])) best = idx;
  }
  return best;
}

Result<int64_t> ParseAsOf(std::string_view text) {
  std::string quoted = "'";  // appended: "'" + std::string trips GCC 12's false -Wrestrict
  quoted.append(text);
  quoted += '\'';
  Result<Edtf> parsed = ParseEdtf(text);
  if (!parsed.ok()) return Status::InvalidArgument("--as-of: " + parsed.status().message());
  if (parsed->is_interval) {
    return Status::InvalidArgument("--as-of: " + quoted + " is an interval; " +
                                   std::string(kAsOfExpected));
  }
  const EdtfPoint& point = parsed->start;
  if (point.uncertain || point.approximate) {
    return Status::InvalidArgument("--as-of: " + quoted + " is uncertain or approximate; " +
                                   std::string(kAsOfExpected));
  }
  if (point.precision == DatePrecision::kTime) {
    if (!point.utc_offset_minutes) {
      return Status::InvalidArgument("--as-of: " + quoted +
                                     " has no UTC offset (add Z or an offset such as +09:00)");
    }
    return InstantOf(point);
  }
  // The last second of the last day the value covers.
  return DayStart(parsed->latest_day) + kSecondsPerDay - 1;
}

bool IsDuplicateVersion(const std::vector<RecordVersion>& existing, const RecordVersion& incoming) {
  const std::string incoming_text = CanonicalRecordText(incoming.record);
  for (const RecordVersion& version : existing) {
    if (version.recorded_at == incoming.recorded_at &&
        CanonicalRecordText(version.record) == incoming_text) {
      return true;
    }
  }
  // Re-reporting what was in effect: the version in effect, or one recorded at the same
  // instant (two versions of one import without sources share a record time; re-importing
  // both must not add the one that lost the tie again).
  const std::optional<size_t> in_effect = VersionAsOf(existing, incoming.recorded_at);
  if (!in_effect) return false;
  const int64_t effective_time = existing[*in_effect].recorded_at;
  for (const RecordVersion& version : existing) {
    if (version.recorded_at == effective_time &&
        CanonicalRecordText(version.record) == incoming_text) {
      return true;
    }
  }
  return false;
}

std::string_view ConflictKindName(ConflictKind kind) {
  switch (kind) {
    case ConflictKind::kDisagreement:
      return "disagreement";
    case ConflictKind::kStatusRegression:
      return "status regression";
  }
  return "disagreement";
}

std::vector<FieldConflict> FindConflicts(const std::vector<RecordVersion>& versions) {
  std::vector<FieldConflict> conflicts;
  if (versions.size() < 2) return conflicts;
  const std::vector<size_t> order = SortedIndices(versions);
  const std::string& record_id = RecordId(versions[order.back()].record);

  // The current claims, in version order. Quadratic in the versions of one record, which
  // are a handful.
  std::vector<const RecordVersion*> current;
  for (size_t pos = 0; pos < order.size(); ++pos) {
    const RecordVersion& earlier = versions[order[pos]];
    bool superseded = false;
    for (size_t later_pos = pos + 1; later_pos < order.size() && !superseded; ++later_pos) {
      superseded = Supersedes(versions[order[later_pos]], earlier);
    }
    if (!superseded) current.push_back(&earlier);
  }

  if (current.size() >= 2) {
    std::vector<std::vector<ClaimedValue>> claimed;  // parallel to `current`
    claimed.reserve(current.size());
    for (const RecordVersion* version : current) claimed.push_back(ClaimedFields(version->record));
    std::vector<std::string> fields;
    for (const std::vector<ClaimedValue>& values : claimed) {
      for (const ClaimedValue& value : values) {
        if (std::find(fields.begin(), fields.end(), value.field) == fields.end()) {
          fields.push_back(value.field);
        }
      }
    }
    std::sort(fields.begin(), fields.end(), FieldOutputOrder);
    for (const std::string& field : fields) {
      std::vector<FieldClaim> claims;
      for (size_t claim_idx = 0; claim_idx < current.size(); ++claim_idx) {
        for (const ClaimedValue& value : claimed[claim_idx]) {
          if (value.field == field) claims.push_back({&value, current[claim_idx]});
        }
      }
      if (claims.size() < 2 || !IsDisagreement(field, claims)) continue;
      conflicts.push_back(
          FieldConflict{record_id, field, ConflictKind::kDisagreement, GroupByValue(claims)});
    }
  }

  for (size_t pos = 1; pos < order.size(); ++pos) {
    const RecordVersion& before = versions[order[pos - 1]];
    const RecordVersion& after = versions[order[pos]];
    const std::optional<EventStatus> before_status = StatusOf(before.record);
    const std::optional<EventStatus> after_status = StatusOf(after.record);
    if (!before_status || !after_status || !IsStatusRegression(*before_status, *after_status)) {
      continue;
    }
    conflicts.push_back(FieldConflict{
        record_id,
        "status",
        ConflictKind::kStatusRegression,
        {ConflictValue{std::string(EventStatusName(*before_status)), {ClaimOf(before)}},
         ConflictValue{std::string(EventStatusName(*after_status)), {ClaimOf(after)}}}});
  }
  return conflicts;
}

std::vector<PlanOutcome> PlansAsOf(std::vector<std::vector<RecordVersion>> events_versions,
                                   int64_t as_of, int64_t now) {
  std::vector<PlanOutcome> plans;
  // At most one plan per event: reserved once, since a PlanOutcome is 840 bytes and a growing
  // vector of 50K of them held its old and new buffers at once.
  plans.reserve(events_versions.size());
  for (std::vector<RecordVersion>& versions : events_versions) {
    const std::optional<size_t> planned_idx = VersionAsOf(versions, as_of);
    if (!planned_idx) continue;
    const auto* event = std::get_if<Event>(&versions[*planned_idx].record);
    if (event == nullptr ||
        (event->status != EventStatus::kPlanned && event->status != EventStatus::kPostponed)) {
      continue;
    }
    std::string id = event->id;
    const std::optional<size_t> now_idx = VersionAsOf(versions, now);
    const bool changed = now_idx && *now_idx != *planned_idx &&
                         CanonicalRecordText(versions[*now_idx].record) !=
                             CanonicalRecordText(versions[*planned_idx].record);
    PlanOutcome plan{std::move(id), std::move(versions[*planned_idx]), std::nullopt};
    if (changed) plan.outcome = std::move(versions[*now_idx]);
    plans.push_back(std::move(plan));
    versions.clear();  // what was not kept goes now, not with the whole input at the end
  }
  std::sort(plans.begin(), plans.end(), [](const PlanOutcome& a, const PlanOutcome& b) {
    const Edtf& a_when = std::get<Event>(a.planned.record).when;
    const Edtf& b_when = std::get<Event>(b.planned.record).when;
    if (a_when.earliest_day != b_when.earliest_day)
      return a_when.earliest_day < b_when.earliest_day;
    if (a_when.latest_day != b_when.latest_day) return a_when.latest_day < b_when.latest_day;
    return a.id < b.id;
  });
  return plans;
}

std::vector<std::string> ChangedFields(const Record& before, const Record& after) {
  std::vector<std::string> changed;
  if (before.index() != after.index()) return {"type"};
  std::visit(FieldDiffer{after, &changed}, before);
  return changed;
}

}  // namespace chronicle
