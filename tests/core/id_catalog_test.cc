#include "core/id_catalog.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace chronicle {
namespace {

TEST_CASE("an IdWord keeps the hash's upper 62 bits and the type in the lower two",
          "[core][id_catalog]") {
  const uint64_t hash = HashId("son-masayoshi");
  for (uint8_t type_code = 1; type_code <= 4; ++type_code) {
    const uint64_t word = IdWord(hash, type_code);
    CHECK(word >> 2 == hash >> 2);
    CHECK(TypeCodeOfWord(word) == type_code);
  }
  CHECK(HashId("son-masayoshi") == HashId(std::string("son-") + "masayoshi"));
  CHECK(HashId("son-masayoshi") != HashId("sam-altman"));
}

TEST_CASE("an IdCatalog finds repeated ids and the type of each id, across its chunks",
          "[core][id_catalog]") {
  // Chunks of 1, 3 and 7 words: every id count below crosses chunk boundaries, and the last
  // chunk is full for some and part-filled for others. 1 << 20 is the default.
  for (size_t chunk_words : {size_t{1}, size_t{3}, size_t{7}, size_t{1} << 20}) {
    for (int id_count : {0, 1, 6, 7, 100}) {
      INFO("chunk_words " << chunk_words << ", ids " << id_count);
      IdCatalog catalog(chunk_words);
      std::vector<std::string> ids;
      std::set<std::string> repeated;
      for (int id_idx = 0; id_idx < id_count; ++id_idx) {
        ids.push_back("ev-" + std::to_string(id_idx));
        catalog.Add(IdWord(HashId(ids.back()), static_cast<uint8_t>(id_idx % 4 + 1)));
        // Every tenth id is added again, with the same type (a repeated record).
        if (id_idx % 10 == 3) {
          catalog.Add(IdWord(HashId(ids.back()), static_cast<uint8_t>(id_idx % 4 + 1)));
          repeated.insert(ids.back());
        }
      }
      CHECK(catalog.size() == ids.size() + repeated.size());
      CHECK_FALSE(catalog.sealed());
      catalog.Seal();
      catalog.Seal();  // idempotent
      CHECK(catalog.sealed());
      CHECK(catalog.size() == ids.size() + repeated.size());
      for (size_t id_idx = 0; id_idx < ids.size(); ++id_idx) {
        CHECK(catalog.MaybeRepeated(HashId(ids[id_idx])) == repeated.contains(ids[id_idx]));
        CHECK(catalog.TypeCodeOf(HashId(ids[id_idx])) == id_idx % 4 + 1);
      }
      CHECK_FALSE(catalog.MaybeRepeated(HashId("not-added")));
      CHECK(catalog.TypeCodeOf(HashId("not-added")) == 0);
    }
  }
}

TEST_CASE("an id catalogued under two types is repeated, and its smallest type is found",
          "[core][id_catalog]") {
  IdCatalog catalog(/*chunk_words=*/2);
  const uint64_t hash = HashId("openai");
  catalog.Add(IdWord(HashId("stargate"), 2));
  catalog.Add(IdWord(hash, 4));  // a source
  catalog.Add(IdWord(HashId("oracle"), 1));
  catalog.Add(IdWord(hash, 1));  // and an entity
  catalog.Seal();
  CHECK(catalog.MaybeRepeated(hash));
  CHECK(catalog.TypeCodeOf(hash) == 1);
  CHECK_FALSE(catalog.MaybeRepeated(HashId("stargate")));
  CHECK(catalog.TypeCodeOf(HashId("stargate")) == 2);
}

TEST_CASE("two words that differ only in the type bits count as one hash",
          "[core][id_catalog]") {
  // Two distinct ids whose hashes share the upper 62 bits are suspected repeated (the planner
  // then compares the ids themselves).
  IdCatalog catalog;
  const uint64_t hash = 0x1234'5678'9abc'def0;
  catalog.Add(IdWord(hash | 1, 2));
  catalog.Add(IdWord(hash | 2, 3));
  catalog.Add(IdWord(hash + 4, 2));  // a neighbouring hash
  catalog.Seal();
  CHECK(catalog.MaybeRepeated(hash));
  CHECK(catalog.MaybeRepeated(hash | 3));
  CHECK_FALSE(catalog.MaybeRepeated(hash + 4));
  CHECK(catalog.TypeCodeOf(hash) == 2);
  CHECK(catalog.TypeCodeOf(hash + 4) == 2);
  CHECK(catalog.TypeCodeOf(hash + 8) == 0);
  CHECK(catalog.TypeCodeOf(hash - 4) == 0);
}

}  // namespace
}  // namespace chronicle
