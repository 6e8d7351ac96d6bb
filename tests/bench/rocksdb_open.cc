// rocksdb_open STORE: the whole-process floor of any RocksDB query, without Chronicle: a process
// linked fully static with Debian's librocksdb.a (chronicle links that archive too, but must
// load libstdc++ and two more libraries shared) that opens the store read-only, with its column
// families and the lean options Chronicle's queries use, closes it and exits. run_bench.py times
// it against `sqlite3 DB "select 1"`, SQLite's own floor: whatever a query does on top of this,
// a RocksDB process has spent this much before reading a key.
// Exit codes: 0 opened and closed; 1 the store did not open; 2 usage.
#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: rocksdb_open STORE\n");
    return 2;
  }
  std::vector<std::string> names;
  rocksdb::DBOptions options;
  rocksdb::Status status = rocksdb::DB::ListColumnFamilies(options, argv[1], &names);
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    return 1;
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const std::string& name : names) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  // As storage/store.cc opens a store for a query: no stats, one file-opening thread, table
  // files opened when first read, no size checks at open.
  options.stats_dump_period_sec = 0;
  options.stats_persist_period_sec = 0;
  options.max_file_opening_threads = 1;
  options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  options.max_open_files = 20;
  options.skip_stats_update_on_db_open = true;
  options.skip_checking_sst_file_sizes_on_db_open = true;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw_db = nullptr;
  status = rocksdb::DB::OpenForReadOnly(options, argv[1], families, &handles, &raw_db);
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    return 1;
  }
  std::unique_ptr<rocksdb::DB> db(raw_db);
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    db->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  return db->Close().ok() ? 0 : 1;
}
