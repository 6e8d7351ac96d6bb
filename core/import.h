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
//    an error.
// Planning reads the store through RecordDirectory and writes nothing, so a failed plan leaves
// the store as it was.
#ifndef CHRONICLE_CORE_IMPORT_H_
#define CHRONICLE_CORE_IMPORT_H_

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

struct ImportPlan {
  std::vector<Record> records;  // records to write, references resolved to ids, input order
  size_t unchanged = 0;         // records already stored (or repeated) with identical content
  std::vector<Status> errors;   // what is wrong with the input; the plan is void unless empty
};

// Plans the import of `inputs`. Returns a plan whose `errors` lists every problem found in
// the input (up to kMaxImportErrors), or a non-OK Status when the directory itself failed.
[[nodiscard]] Result<ImportPlan> PlanImport(std::vector<InputRecord> inputs,
                                            RecordDirectory& directory);

// The entity a reference resolves to, against the directory alone (for queries).
// NotFound ("no entity named 'X' (did you mean: A, B?)") or Ambiguous ("'X' names 2 entities:
// a, b") on failure.
[[nodiscard]] Result<std::string> ResolveEntityReference(std::string_view reference,
                                                         RecordDirectory& directory);

}  // namespace chronicle

#endif  // CHRONICLE_CORE_IMPORT_H_
