// The entities of an import's input, as the planner resolves references to them (core/import.h)
// and the writer numbers them: each entity id once, each name and alias as written, and an
// index of each by id and by normalised name (NormalizeName, core/text.h).
//
// Every entity gets an ordinal when its id is first added: 0, 1, 2, ... in input order. The
// ordinal is what storage numbers a new entity by (its iid is the import's first iid plus the
// ordinal), so the writer needs no table of its own: it can always ask again.
//
// Memory. The first `memory_entities` entities stay in memory (~100 bytes each: the id and
// names kept once, two open-addressing indexes of 4-byte positions). Given a spill directory,
// every later entity and name is written to disk: its text appended to a file (ids and names
// apart), its index entry (hash and file offset) buffered and written out in sorted runs, which
// Seal merges into one sorted file per index with a small bucket directory in front (at most
// 2^20 buckets, 4 MiB). The files are read through mappings: only the pages look-ups touch are
// resident, and the kernel may drop them (they are clean). So the memory an import's entities
// hold is bounded, however many the input has; looking up a spilled entity costs a bucket of a
// few entries on one page, and its text on another.
// (Before the spill, a Swiss table of the id strings, one from each normalised name to its first
// entity's id, and the names as written for suggestions took ~300 bytes an entity.)
//
// Thread-safety: Add and Seal on one thread; once sealed, the const look-ups may be called from
// any number of threads (they change nothing).
#ifndef CHRONICLE_CORE_INPUT_ENTITIES_H_
#define CHRONICLE_CORE_INPUT_ENTITIES_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_set.h>

#include "core/status.h"

namespace chronicle {

// Where and when an InputEntities spills to disk.
struct EntitySpill {
  // Where the spilled entities go (created when the first is spilled; its files and, if it was
  // created for them, the directory are removed with the InputEntities); empty: every entity
  // stays in memory.
  std::string dir;
  // How many entities stay in memory (~26 MB at ~100 bytes each). A 10M-event import with 1M
  // entities took as long keeping 2^18 of them in memory as keeping all (55.8-56.3 s against
  // 56.9-57.3 s) and peaked at 434-438 MB instead of 561-579 MB. REQUIRES: >= 1.
  size_t memory_entities = size_t{1} << 18;
};

class InputEntities {
 public:
  explicit InputEntities(EntitySpill spill = {});
  ~InputEntities();
  // The indexes refer to this object's own vectors.
  InputEntities(const InputEntities&) = delete;
  InputEntities& operator=(const InputEntities&) = delete;

  // Adds an entity's id (numbered once, however often it is added; a spilled id added again
  // may take a second ordinal that is never answered) and its name and aliases. A name that
  // does not normalise (NormalizeName fails) is neither indexed nor kept.
  // REQUIRES: not sealed. A spill file that cannot be written is reported by Seal.
  void Add(std::string_view id, std::string_view name, const std::vector<std::string>& aliases);

  // Ends the adding: merges what was spilled into its sorted files and maps them. Idempotent.
  // IoError when a spill file could not be written or read back. The look-ups below see the
  // spilled entities only once sealed (the in-memory ones at any time).
  [[nodiscard]] Status Seal();
  bool sealed() const { return sealed_; }

  // The ordinal of the entity with this id, or nullopt when none was added.
  std::optional<uint32_t> OrdinalOf(std::string_view id) const;
  bool Contains(std::string_view id) const { return OrdinalOf(id).has_value(); }
  // Inserts into *ids the ids of the entities with a name or alias that normalises to
  // `normalized`. REQUIRES: `normalized` is NormalizeName's output.
  void IdsNamed(std::string_view normalized, std::set<std::string>* ids) const;
  // Every name and alias kept, as written, in the order added (a name added again is repeated).
  std::vector<std::string_view> Names() const;

  // Every ordinal given is below this. (More than the distinct ids only when a spilled id was
  // added again.)
  uint32_t ordinal_count() const { return next_ordinal_; }
  // How many entities were added to disk rather than memory.
  size_t spilled_count() const { return spilled_count_; }

 private:
  static constexpr uint32_t kNoName = UINT32_MAX;
  struct Name {
    std::string text;          // as written
    uint64_t normalized_hash;  // of its NormalizeName form
    uint32_t entity;           // position in ids_
    uint32_t next_same;        // the next name with the same normalised form, or kNoName
  };
  // What a normalised name is looked up by.
  struct NormalizedKey {
    std::string_view text;
    uint64_t hash;
  };

  // Abseil's heterogeneous look-up: the sets hold positions and are searched by text.
  struct IdHash {
    using is_transparent = void;
    const InputEntities* owner;
    size_t operator()(uint32_t position) const;
    size_t operator()(std::string_view id) const;
  };
  struct IdEq {
    using is_transparent = void;
    const InputEntities* owner;
    bool operator()(uint32_t a, uint32_t b) const { return a == b; }
    bool operator()(uint32_t position, std::string_view id) const;
    bool operator()(std::string_view id, uint32_t position) const { return (*this)(position, id); }
  };
  struct NameHash {
    using is_transparent = void;
    const InputEntities* owner;
    size_t operator()(uint32_t position) const;
    size_t operator()(const NormalizedKey& key) const { return key.hash; }
  };
  struct NameEq {
    using is_transparent = void;
    const InputEntities* owner;
    bool operator()(uint32_t a, uint32_t b) const { return a == b; }
    bool operator()(uint32_t position, const NormalizedKey& key) const;
    bool operator()(const NormalizedKey& key, uint32_t position) const {
      return (*this)(position, key);
    }
  };

  void AddName(std::string_view text, uint32_t entity);
  // The spilled part (input_entities.cc).
  class Spilled;
  Spilled& spilled();  // created at the first spill

  std::string spill_dir_;
  size_t memory_entities_;
  std::vector<std::string> ids_;
  std::vector<Name> names_;
  absl::flat_hash_set<uint32_t, IdHash, IdEq> id_index_;        // positions in ids_
  absl::flat_hash_set<uint32_t, NameHash, NameEq> name_index_;  // first name of each form
  std::unique_ptr<Spilled> spilled_;
  uint32_t next_ordinal_ = 0;
  size_t spilled_count_ = 0;
  bool sealed_ = false;
  Status seal_status_;
};

}  // namespace chronicle

#endif  // CHRONICLE_CORE_INPUT_ENTITIES_H_
