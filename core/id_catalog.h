// The ids of an import, held compactly for its two passes (core/import.h): each id as one
// 64-bit word, its hash with the record type in the low two bits (IdWord). Pass 1 adds every
// id's word; Seal() sorts them, which brings the words of one hash together, and notes the
// hashes that occur more than once. Pass 2 asks whether an id may be repeated (then the planner
// checks exactly: two ids can share a hash) and, to word an error, an id's type.
//
// 8 bytes an id. (A Swiss table of the words took 16.7M slots of 9 bytes for the 11M ids of a
// 10M-event import: 151 MB, a sixth of that import's peak.) Given a spill directory, at most
// `memory_words` words stay in memory: each time that many have been added they are sorted and
// written out as a run, and Seal merges the runs, so the catalogue's memory does not grow with
// the input (the runs are read through mappings whose pages the kernel may drop).
#ifndef CHRONICLE_CORE_ID_CATALOG_H_
#define CHRONICLE_CORE_ID_CATALOG_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_set.h>

#include "core/mapped_file.h"
#include "core/status.h"

namespace chronicle {

// The hash every id is catalogued and looked up by.
uint64_t HashId(std::string_view id);

// `hash` with its low two bits replaced by `type_code` - 1. REQUIRES: 1 <= type_code <= 4.
uint64_t IdWord(uint64_t hash, uint8_t type_code);
// The type code (1-4) a word carries.
uint8_t TypeCodeOfWord(uint64_t word);

// Where and when a catalogue spills its words.
struct IdSpill {
  // Where runs go (created when the first is written; the runs and, if the catalogue created
  // it, the directory are removed with the catalogue); empty: every word stays in memory.
  std::string dir;
  // How many words stay in memory (16 MiB by default). REQUIRES: >= 1.
  size_t memory_words = size_t{2} << 20;
};

class IdCatalog {
 public:
  explicit IdCatalog(IdSpill spill = {});
  IdCatalog(const IdCatalog&) = delete;
  IdCatalog& operator=(const IdCatalog&) = delete;
  ~IdCatalog();

  // REQUIRES: not sealed. A run that cannot be written is reported by Seal.
  void Add(uint64_t word);
  // Ends pass 1: sorts the words and notes the hashes that occur more than once. Idempotent.
  // IoError when a run could not be written or read back.
  [[nodiscard]] Status Seal();
  bool sealed() const { return sealed_; }
  size_t size() const { return added_; }
  size_t run_count() const { return run_paths_.size(); }

  // Whether more than one added word has this hash (upper 62 bits): an id added twice, or two
  // ids with one hash. REQUIRES: sealed.
  bool MaybeRepeated(uint64_t hash) const;
  // The type code of a word with this hash (the smallest, if several), or 0 if none was added.
  // REQUIRES: sealed.
  uint8_t TypeCodeOf(uint64_t hash) const;

 private:
  void Spill();
  // The sorted words of each run, and the words still in memory (sorted once sealed).
  std::vector<std::span<const uint64_t>> SortedSources() const;

  std::string spill_dir_;
  size_t memory_words_;
  std::vector<uint64_t> pending_;  // in memory; sorted once sealed
  std::vector<std::string> run_paths_;
  std::vector<MappedFile> runs_;  // mapped once sealed
  size_t added_ = 0;
  bool sealed_ = false;
  bool created_dir_ = false;
  Status failure_;
  absl::flat_hash_set<uint64_t> repeated_hashes_;  // hash >> 2 of each repeated hash
};

}  // namespace chronicle

#endif  // CHRONICLE_CORE_ID_CATALOG_H_
