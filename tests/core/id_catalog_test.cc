#include "core/id_catalog.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>
#include "scratch_dir.h"

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

TEST_CASE("an IdCatalog finds repeated ids and the type of each id, in memory or in runs",
          "[core][id_catalog]") {
  ScratchDir scratch;
  // In memory; and spilling runs of 1, 3 and 7 words, so that every id count below makes runs,
  // the last one full for some and part-filled for others, with repeats across runs.
  struct Mode {
    bool spills;
    size_t memory_words;
  };
  for (Mode mode : {Mode{false, 0}, Mode{true, 1}, Mode{true, 3}, Mode{true, 7}}) {
    for (int id_count : {0, 1, 6, 7, 100}) {
      INFO("spills " << mode.spills << ", memory_words " << mode.memory_words << ", ids "
                     << id_count);
      const std::string spill_dir = scratch.Sub("spill");
      std::set<std::string> repeated;
      std::vector<std::string> ids;
      {
        IdCatalog catalog(IdSpill{.dir = mode.spills ? spill_dir : "",
                                  .memory_words = mode.spills ? mode.memory_words : 16});
        for (int id_idx = 0; id_idx < id_count; ++id_idx) {
          ids.push_back("ev-" + std::to_string(id_idx));
          catalog.Add(IdWord(HashId(ids.back()), static_cast<uint8_t>(id_idx % 4 + 1)));
          // Every tenth id is added again, with the same type (a repeated record).
          if (id_idx % 10 == 3) {
            catalog.Add(IdWord(HashId(ids.back()), static_cast<uint8_t>(id_idx % 4 + 1)));
            repeated.insert(ids.back());
          }
        }
        const size_t added = ids.size() + repeated.size();
        CHECK(catalog.size() == added);
        CHECK(catalog.run_count() == (mode.spills ? added / mode.memory_words : 0));
        CHECK_FALSE(catalog.sealed());
        REQUIRE(catalog.Seal().ok());
        REQUIRE(catalog.Seal().ok());  // idempotent
        CHECK(catalog.sealed());
        for (size_t id_idx = 0; id_idx < ids.size(); ++id_idx) {
          CHECK(catalog.MaybeRepeated(HashId(ids[id_idx])) == repeated.contains(ids[id_idx]));
          CHECK(catalog.TypeCodeOf(HashId(ids[id_idx])) == id_idx % 4 + 1);
        }
        CHECK_FALSE(catalog.MaybeRepeated(HashId("not-added")));
        CHECK(catalog.TypeCodeOf(HashId("not-added")) == 0);
        CHECK(std::filesystem::exists(spill_dir) == (catalog.run_count() > 0));
      }
      // The runs and the directory the catalogue made are gone with it.
      CHECK_FALSE(std::filesystem::exists(spill_dir));
    }
  }
}

TEST_CASE("an id catalogued under two types is repeated, and its smallest type is found",
          "[core][id_catalog]") {
  ScratchDir scratch;
  for (const std::string& spill_dir : {std::string(), scratch.Sub("spill")}) {
    INFO("spill_dir '" << spill_dir << "'");
    IdCatalog catalog(IdSpill{.dir = spill_dir, .memory_words = 2});
    const uint64_t hash = HashId("openai");
    catalog.Add(IdWord(HashId("stargate"), 2));
    catalog.Add(IdWord(hash, 4));  // a source
    catalog.Add(IdWord(HashId("oracle"), 1));
    catalog.Add(IdWord(hash, 1));  // and an entity, in another run when spilling
    REQUIRE(catalog.Seal().ok());
    CHECK(catalog.MaybeRepeated(hash));
    CHECK(catalog.TypeCodeOf(hash) == 1);
    CHECK_FALSE(catalog.MaybeRepeated(HashId("stargate")));
    CHECK(catalog.TypeCodeOf(HashId("stargate")) == 2);
  }
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
  REQUIRE(catalog.Seal().ok());
  CHECK(catalog.MaybeRepeated(hash));
  CHECK(catalog.MaybeRepeated(hash | 3));
  CHECK_FALSE(catalog.MaybeRepeated(hash + 4));
  CHECK(catalog.TypeCodeOf(hash) == 2);
  CHECK(catalog.TypeCodeOf(hash + 4) == 2);
  CHECK(catalog.TypeCodeOf(hash + 8) == 0);
  CHECK(catalog.TypeCodeOf(hash - 4) == 0);
}

TEST_CASE("a catalogue that cannot write its runs says so when sealed", "[core][id_catalog]") {
  ScratchDir scratch;
  const std::string file = scratch.Sub("a-file");
  std::ofstream(file) << "not a directory\n";
  IdCatalog catalog(IdSpill{.dir = file + "/spill", .memory_words = 2});
  for (int id_idx = 0; id_idx < 5; ++id_idx) {
    catalog.Add(IdWord(HashId(std::to_string(id_idx)), 2));
  }
  const Status sealed = catalog.Seal();
  CHECK(sealed.code() == StatusCode::kIoError);
  CHECK(sealed.message() == "cannot write " + file + "/spill/ids-0.run");
  CHECK(catalog.Seal().code() == StatusCode::kIoError);  // and again
}

TEST_CASE("a catalogue whose runs were damaged before it sealed says so", "[core][id_catalog]") {
  ScratchDir scratch;
  const std::string spill_dir = scratch.Sub("spill");
  for (const bool truncate : {true, false}) {
    INFO((truncate ? "truncated" : "removed"));
    IdCatalog catalog(IdSpill{.dir = spill_dir, .memory_words = 2});
    for (int id_idx = 0; id_idx < 5; ++id_idx) {
      catalog.Add(IdWord(HashId(std::to_string(id_idx)), 2));
    }
    REQUIRE(catalog.run_count() == 2);
    const std::string run = spill_dir + "/ids-1.run";
    if (truncate) {
      std::filesystem::resize_file(run, 12);  // a word and a half
    } else {
      std::filesystem::remove(run);
    }
    const Status sealed = catalog.Seal();
    CHECK(sealed.code() == StatusCode::kIoError);
    CHECK(sealed.message().starts_with((truncate ? "cannot read " : "cannot open ") + run + ": "));
  }
}

}  // namespace
}  // namespace chronicle
