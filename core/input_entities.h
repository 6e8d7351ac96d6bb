// The entities of an import's input, as the planner resolves references to them (core/import.h):
// each entity id once, each name and alias as written, and two open-addressing indexes of 4-byte
// positions into those: by id, and by normalised name (NormalizeName, core/text.h). Every id and
// name is kept once. (A Swiss table of the id strings, one from each normalised name to its first
// entity's id, and the names as written for suggestions took ~300 bytes an entity: ~270 MB of
// a 10M-event import with 1M entities; this takes ~100.)
#ifndef CHRONICLE_CORE_INPUT_ENTITIES_H_
#define CHRONICLE_CORE_INPUT_ENTITIES_H_

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_set.h>

namespace chronicle {

class InputEntities {
 public:
  InputEntities();
  // The indexes refer to this object's own vectors.
  InputEntities(const InputEntities&) = delete;
  InputEntities& operator=(const InputEntities&) = delete;

  // Adds an entity's id (kept once, however often it is added) and its name and aliases. A name
  // that does not normalise (NormalizeName fails) is neither indexed nor kept.
  void Add(std::string_view id, std::string_view name, const std::vector<std::string>& aliases);

  bool Contains(std::string_view id) const;
  // Inserts into *ids the ids of the entities with a name or alias that normalises to
  // `normalized`. REQUIRES: `normalized` is NormalizeName's output.
  void IdsNamed(std::string_view normalized, std::set<std::string>* ids) const;
  // Every name and alias kept, as written, in the order added (a name added again is repeated).
  std::vector<std::string_view> Names() const;

  size_t entity_count() const { return ids_.size(); }

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

  std::vector<std::string> ids_;
  std::vector<Name> names_;
  absl::flat_hash_set<uint32_t, IdHash, IdEq> id_index_;        // positions in ids_
  absl::flat_hash_set<uint32_t, NameHash, NameEq> name_index_;  // first name of each form
};

}  // namespace chronicle

#endif  // CHRONICLE_CORE_INPUT_ENTITIES_H_
