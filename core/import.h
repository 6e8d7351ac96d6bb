// Import planning: turns the records read from JSON Lines input into the records to store,
// with every reference resolved, or into the complete list of what is wrong with the input.
//
// Rules (README "Import format"):
//  - A reference to an entity is an entity id, or a name / alias that resolves to exactly one
//    entity after NormalizeName (case- and Unicode-normalised). An id wins over a name.
//    References may point forward within the same import and at entities already stored.
//  - A source reference is a source id.
//  - Ids share one namespace across record types. A record whose id is already stored (or
//    earlier in the input) with identical content is unchanged; with different content it is
//    a new version of that record (core/versions.h), except for sources: a source's
//    `published` fixes the record time of every version that cites it, so a source cannot
//    change. An id used by a record of another type is an error.
//  - Every record handed on carries its record time (RecordTimeOf): the `published` time of
//    its first source, looked up in the input and in the store, else the import time.
// Planning reads the store through RecordDirectory and writes nothing, so a failed plan leaves
// the store as it was.
#ifndef CHRONICLE_CORE_IMPORT_H_
#define CHRONICLE_CORE_IMPORT_H_

#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id_catalog.h"
#include "core/input_entities.h"
#include "core/mapped_file.h"
#include "core/model.h"
#include "core/status.h"

namespace chronicle {

// One record read from the input and where it was read.
struct InputRecord {
  Record record;
  std::string file;
  int64_t line = 0;
};

// The at-most count of errors an import collects before it stops looking for more.
inline constexpr size_t kMaxImportErrors = 50;

// Reads JSON Lines from `input`; `file` names it in errors. Blank lines are skipped. Each bad
// line adds one InvalidArgument (with file, line and field) to *errors and reading goes on,
// up to kMaxImportErrors. Records are appended to *records in input order.
void ReadJsonLines(std::istream& input, const std::string& file, std::vector<InputRecord>* records,
                   std::vector<Status>* errors);

// What the planner needs to know about the records already stored. storage/ implements it.
class RecordDirectory {
 public:
  virtual ~RecordDirectory() = default;

  struct StoredRecord {
    std::string type;            // "entity", "event", "relation", "source"
    std::string canonical_text;  // CanonicalRecordText of the stored version
  };
  // The stored record with this id; nullopt when there is none.
  [[nodiscard]] virtual Result<std::optional<StoredRecord>> FindById(std::string_view id) = 0;
  // Ids of the stored entities whose name or an alias normalises to `normalized_name`.
  [[nodiscard]] virtual Result<std::vector<std::string>> FindEntitiesByName(
      std::string_view normalized_name) = 0;
  // The names and aliases of all stored entities, for "did you mean" suggestions.
  [[nodiscard]] virtual Result<std::vector<std::string>> AllEntityNames() = 0;
};

// A source of input records that can be read twice: the planner reads the input once to learn
// every id and name (so references may point forward) and once more to plan each record, so
// that an import of any size is never held in memory whole.
class RecordStream {
 public:
  enum class ReadMode : uint8_t {
    kWhole,    // every record whole
    kCatalog,  // may read only type and id of events and relations (ParseRecordLineForCatalog)
  };
  virtual ~RecordStream() = default;
  // Reads the next record into *record. Returns false at the end of the input. A line that
  // does not parse sets *error (with file, line and field) and returns true; otherwise *error
  // is OK.
  virtual bool Next(InputRecord* record, Status* error, ReadMode mode = ReadMode::kWhole) = 0;
  // Starts again from the first record. A stream that fails to reopen its files returns IoError.
  [[nodiscard]] virtual Status Rewind() = 0;
};

// Records of JSON Lines files, read line by line from a mapping of each file (MappedFile). Blank
// lines are skipped; CRLF is accepted. A file that cannot be opened, or is not a regular file,
// is reported through Next's *error, once per pass.
class JsonLinesFileStream final : public RecordStream {
 public:
  // `names` (default: the paths) are how errors and records name each file, e.g. "<stdin>"
  // for a spooled copy of standard input. REQUIRES: names is empty or as long as paths.
  explicit JsonLinesFileStream(std::vector<std::string> paths, std::vector<std::string> names = {});
  ~JsonLinesFileStream() override;
  bool Next(InputRecord* record, Status* error, ReadMode mode = ReadMode::kWhole) override;
  [[nodiscard]] Status Rewind() override;

 private:
  std::vector<std::string> paths_;
  std::vector<std::string> names_;
  size_t path_idx_ = 0;
  int64_t line_number_ = 0;
  std::optional<MappedFile> file_;  // the file being read
  size_t offset_ = 0;               // where its next line starts
  size_t done_before_ = 0;          // offset_ at the last MappedFile::DoneBefore
};

// Records already in memory (tests, small programs).
class VectorRecordStream final : public RecordStream {
 public:
  explicit VectorRecordStream(std::vector<InputRecord> records) : records_(std::move(records)) {}
  bool Next(InputRecord* record, Status* error, ReadMode mode = ReadMode::kWhole) override;
  [[nodiscard]] Status Rewind() override;

 private:
  std::vector<InputRecord> records_;
  size_t next_ = 0;
};

// What the planner adds to a record it hands on.
struct PlannedRecord {
  int64_t recorded_at = 0;  // the version's record time, Unix seconds
  // The id is already stored, or occurs more than once in the input: storage must merge this
  // version with the others (and may find it a duplicate). False for the bulk of an import:
  // records whose id is new to the store and appears once.
  bool versioned = false;
  // The id may occur more than once in the input (then `versioned` is set too): storage must
  // wait for the end of the input before merging. A stored id that occurs once can be merged
  // as it streams by.
  bool repeated = false;
};

// Decides, record by record, what an import does. Use: Catalog every record of the input in
// order (pass 1), then Plan every record again in the same order (pass 2). Memory grows with
// the input's ids (8 bytes each) and its entities (~100 bytes each, with their names) until
// they spill to disk (IdSpill, EntitySpill): given spill directories it is bounded, whatever
// the size of the input; it never grows with the records' contents.
class ImportPlanner {
 public:
  enum class Decision : uint8_t {
    kNew,        // to be written (a new record or a new version); references were resolved in place
    kUnchanged,  // identical to the stored record or to an earlier record of the input
    kRejected,   // the problem was added to errors()
  };

  // `import_time`: the record time of versions without a (dated) source, Unix seconds.
  // `id_spill`: where and when the catalogue of the input's ids spills runs to disk, so that
  // its memory does not grow with the input (core/id_catalog.h); by default it stays in memory,
  // 8 bytes an id.
  // `entity_spill`: the same for the input's entities (core/input_entities.h).
  ImportPlanner(RecordDirectory& directory, int64_t import_time, IdSpill id_spill = {},
                EntitySpill entity_spill = {});
  ~ImportPlanner();
  ImportPlanner(const ImportPlanner&) = delete;
  ImportPlanner& operator=(const ImportPlanner&) = delete;

  // Pass 1: notes the record's id, type and place, and an entity's names.
  void Catalog(const InputRecord& input);
  // Pass 2. A non-OK result means the directory or the scratch directory failed (not the
  // input). For kNew, *planned says the record time and whether the id is versioned.
  [[nodiscard]] Result<Decision> Plan(InputRecord& input, PlannedRecord* planned);

  // Input errors found so far (Plan's; parse errors are the caller's to add), in input order.
  std::vector<Status>& errors() { return errors_; }
  bool has_too_many_errors() const { return errors_.size() >= kMaxImportErrors; }

  // The ordinal of the input entity with this id (InputEntities: 0, 1, ... in input order), or
  // nullopt when the input has none. Every ordinal is below input_entity_ordinals(). Known
  // once pass 1 is over (from the first Plan on); from then on both may be called from any
  // thread, beside Plan (storage numbers new entities by their ordinal while planning goes on).
  std::optional<uint32_t> InputEntityOrdinal(std::string_view id) const;
  uint32_t input_entity_ordinals() const;

  // Implementation details, declared here so that import.cc's helpers can name them.
  class Resolver;
  struct FirstOccurrence;

 private:
  std::unique_ptr<Resolver> resolver_;
  int64_t import_time_;
  std::vector<Status> errors_;
};

// Reads `stream` twice with an ImportPlanner and hands every new record, in input order, to
// `accept`. Returns the number of unchanged records; parse and planning errors go to *errors
// (and `accept` is then still called for the good records: the caller discards them). A non-OK
// result is a failure of the directory, the stream or `accept`.
// `import_time` and `id_spill` as for ImportPlanner.
// `accept` may move from the record it is given.
using AcceptRecord = std::function<Status(Record& record, const PlannedRecord& planned)>;
[[nodiscard]] Result<size_t> PlanStream(RecordStream& stream, RecordDirectory& directory,
                                        int64_t import_time, const AcceptRecord& accept,
                                        std::vector<Status>* errors, IdSpill id_spill = {});
// The same with a planner of the caller's (which `accept` may ask for entity ordinals).
// REQUIRES: `planner` has seen no record yet.
[[nodiscard]] Result<size_t> PlanStream(RecordStream& stream, ImportPlanner& planner,
                                        const AcceptRecord& accept, std::vector<Status>* errors);

struct ImportPlan {
  std::vector<Record> records;         // records to write, references resolved to ids, input order
  std::vector<PlannedRecord> planned;  // for each of `records`
  size_t unchanged = 0;        // records already stored (or repeated) with identical content
  std::vector<Status> errors;  // what is wrong with the input; the plan is void unless empty
};

// Plans the import of `inputs` (PlanStream over memory). Returns a plan whose `errors` lists
// every problem found in the input (up to kMaxImportErrors), or a non-OK Status when the
// directory itself failed.
[[nodiscard]] Result<ImportPlan> PlanImport(std::vector<InputRecord> inputs,
                                            RecordDirectory& directory, int64_t import_time = 0);

// The entity a reference resolves to, against the directory alone (for queries).
// NotFound ("no entity named 'X' (did you mean: A, B?)") or Ambiguous ("'X' names 2 entities:
// a, b") on failure.
[[nodiscard]] Result<std::string> ResolveEntityReference(std::string_view reference,
                                                         RecordDirectory& directory);

}  // namespace chronicle

#endif  // CHRONICLE_CORE_IMPORT_H_
