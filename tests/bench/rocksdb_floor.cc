// rocksdb_floor STORE ENTITY_ID [REPS]: the floor under an in-process timeline query, i.e. the
// time a bare RocksDB iterator takes to walk one entity's timeline keys without decoding them
// (one key per page of up to 128 rows since store format chronicle-store-4, one per row before).
// It links RocksDB directly (the one place outside storage/ that does), because the point is
// to measure RocksDB alone; it reads Chronicle's layout through storage/key_codec.h.
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/slice_transform.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "storage/index_values.h"
#include "storage/key_codec.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: rocksdb_floor STORE ENTITY_ID [REPS]\n");
    return 2;
  }
  const int reps = argc > 3 ? std::stoi(argv[3]) : 300;
  std::vector<std::string> names;
  rocksdb::Status status = rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), argv[1], &names);
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    return 1;
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  size_t names_index = 0, timeline_index = 0;
  for (size_t family_idx = 0; family_idx < names.size(); ++family_idx) {
    rocksdb::ColumnFamilyOptions options;
    if (names[family_idx] == "timeline") {
      options.prefix_extractor.reset(
          rocksdb::NewFixedPrefixTransform(chronicle::storage::kTimelinePrefixSize));
      timeline_index = family_idx;
    }
    if (names[family_idx] == "names") names_index = family_idx;
    families.emplace_back(names[family_idx], options);
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw_db = nullptr;
  status = rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), argv[1], families, &handles, &raw_db);
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    return 1;
  }
  std::unique_ptr<rocksdb::DB> db(raw_db);
  std::string card_value;
  status = db->Get(rocksdb::ReadOptions(), handles[names_index],
                   chronicle::storage::EntityCardKey(argv[2]), &card_value);
  chronicle::storage::EntityCard card;
  if (!status.ok() || !chronicle::storage::DecodeEntityCard(card_value, &card)) {
    std::fprintf(stderr, "no entity %s\n", argv[2]);
    return 1;
  }
  const std::string prefix = chronicle::storage::TimelinePrefix(card.iid);
  const std::string upper = chronicle::storage::PrefixSuccessor(prefix);
  std::vector<double> micros;
  size_t keys = 0;
  for (int rep = 0; rep < reps; ++rep) {
    const auto start = std::chrono::steady_clock::now();
    rocksdb::ReadOptions options;
    rocksdb::Slice upper_slice(upper);
    options.iterate_upper_bound = &upper_slice;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(options, handles[timeline_index]));
    keys = 0;
    for (it->Seek(prefix); it->Valid(); it->Next()) ++keys;
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
  }
  std::sort(micros.begin(), micros.end());
  const double p50 = micros[micros.size() / 2];
  std::printf("%zu keys: p50 %.1f us, p99 %.1f us, %.0f ns per key\n", keys, p50,
              micros[micros.size() * 99 / 100], keys ? p50 * 1000 / keys : 0.0);
  for (rocksdb::ColumnFamilyHandle* handle : handles) db->DestroyColumnFamilyHandle(handle);
  return 0;
}
