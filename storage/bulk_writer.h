// BulkWriter: writes one import into the store as sorted SST files ingested in one step.
//
// Why not a WriteBatch: an import of a million events is ~5 million keys in random order;
// through the memtable that costs a skiplist insert each (measured: 100K events took 3 s, most
// of it in InlineSkipList). Sorted runs written with SstFileWriter and added with
// IngestExternalFiles skip the memtable and the WAL, and IngestExternalFiles records all
// column families in the MANIFEST atomically: the import lands whole or not at all, also
// across a crash.
//
// Memory: entries are buffered in one arena per column family; when the buffered bytes
// exceed half the budget, the buffers are handed to a background thread that sorts them and
// writes each column family's run (a plain sorted file) while the caller goes on filling new
// buffers, made of those of the runs written before (their memory is reused, not freed).
// Commit merges each family's runs and last buffer into SST files of bounded size
// with disjoint key ranges (an external merge sort; each run is read through a 64 KiB buffer
// of its own, so the merge holds that much per run): a query process then opens the one or two
// files its keys fall in, not dozens of overlapping level-0 runs.
// Thread-safety: one thread uses a BulkWriter (it starts its own helpers).
#ifndef CHRONICLE_STORAGE_BULK_WRITER_H_
#define CHRONICLE_STORAGE_BULK_WRITER_H_

#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
struct Options;
}  // namespace rocksdb

namespace chronicle::storage {

class BulkWriter {
 public:
  // Rewrites a family's merged entries before they are written: the timeline family's row
  // entries become pages (storage/timeline_pages.h). A transform sees the entries of one slice
  // of the family in key order, one per key (the last Put or Delete of it), and hands what is to
  // be written to `Emit`, in strictly increasing key order.
  class Transform {
   public:
    using Emit =
        std::function<Status(std::string_view key, std::string_view value, bool is_delete)>;
    virtual ~Transform() = default;
    [[nodiscard]] virtual Status Add(std::string_view key, std::string_view value,
                                     bool is_delete) = 0;
    // After the slice's last entry.
    [[nodiscard]] virtual Status Finish() = 0;
  };
  using MakeTransform = std::function<std::unique_ptr<Transform>(Transform::Emit emit)>;

  struct Family {
    rocksdb::ColumnFamilyHandle* handle;
    const rocksdb::Options* options;  // the options the family was opened with (filters, ...)
    // Made once per slice of the family's final merge, on the thread that merges it; empty for
    // none (entries are written as they are).
    MakeTransform transform = nullptr;
    // With a transform: the family's merge is split only between keys that differ in their
    // first `group_prefix` bytes, so that one transform sees a whole group (an entity).
    size_t group_prefix = 0;
  };

  // `scratch_dir` is created and removed by the writer; it must be on the store's file system
  // so that ingestion can move files instead of copying them.
  // Default budget: 96 MiB of buffered keys and values. Before buffers were reused, 256 MiB
  // took as long as 128 (10M events in 55.3 s against 55.4 s, 1M in 3.9-4.9 s against
  // 4.1-4.4 s) and peaked at 436 and 350 MB against 304 and 216 MB, and 64 MiB peaked at 240
  // and 148 MB but took 57.1-58.2 s at 10M. Reused buffers hold the whole budget all along,
  // where freed ones had partly gone back to the kernel: with 128 MiB the 10M-event import
  // peaked 62 MB higher (359 MB); with 96 MiB it peaks as before (300-309 MB against 293-297)
  // in 59.4-59.5 s against 62.7-69.3 s, and the 1M one at 196 MB against 218, 4.89 s against
  // 5.01 s on average (4 alternating runs).
  // Commit merges a family in slices of about `slice_input_bytes` of input each, on all cores
  // (small values: tests).
  BulkWriter(rocksdb::DB* db, std::vector<Family> families, std::string scratch_dir,
             size_t memory_budget_bytes = size_t{96} << 20,
             uint64_t slice_input_bytes = uint64_t{128} << 20);
  ~BulkWriter();  // removes the scratch directory and any files not ingested

  BulkWriter(const BulkWriter&) = delete;
  BulkWriter& operator=(const BulkWriter&) = delete;

  // Buffers one entry. For equal keys in one column family the last Put or Delete wins.
  // REQUIRES: family < number of families. May write a run when over budget.
  [[nodiscard]] Status Put(size_t family, std::string_view key, std::string_view value);
  // Buffers the deletion of a key stored by an earlier import (written as a tombstone).
  [[nodiscard]] Status Delete(size_t family, std::string_view key);

  // Writes what is buffered and ingests every run of every family in one atomic step.
  // After Commit the writer must not be used again.
  [[nodiscard]] Status Commit();

 private:
  struct Buffer;
  using Buffers = std::vector<std::unique_ptr<Buffer>>;
  // Waits for the runs being written, then hands the current buffers to a new background
  // write. Returns the status of the runs waited for.
  [[nodiscard]] Status StartRuns();
  [[nodiscard]] Status Add(size_t family, std::string_view key, std::string_view value,
                           bool is_delete);
  [[nodiscard]] Status WaitForRuns();
  [[nodiscard]] Status CreateScratchDir();
  // Sorts buffers[i] and writes it as a run to paths[i] ("" = nothing to write), one thread
  // per family; records each run's marks in run_marks_[family].back().
  Status WriteRunFiles(const Buffers& buffers, const std::vector<std::string>& paths);
  // One part of a family's final merge: its keys in [begin, end) ("" end: no bound). A big
  // family is merged in several slices at once, so that its merge does not keep one core busy
  // while the other waits (at 1M events the timeline family's merge ran alone for 0.4 s).
  struct Slice {
    size_t family_idx = 0;
    std::string begin, end;
    uint64_t bytes = 0;                // input size: larger slices are started first
    std::string path_prefix;           // its files are path_prefix-N.sst
    std::vector<std::string> tables;   // the files written
    Status status;
  };
  // The slices of family `family_idx`, whose buffer is sorted.
  std::vector<Slice> SlicesOf(size_t family_idx) const;
  // Writes a slice's SST files (appended to slice->tables) from its family's runs and sorted
  // buffer: one contiguous key range per file.
  Status MergeIntoTables(Slice* slice) const;

  rocksdb::DB* db_;
  std::vector<Family> families_;
  std::string scratch_dir_;
  size_t memory_budget_bytes_;
  uint64_t slice_input_bytes_;
  size_t buffered_bytes_ = 0;
  size_t next_file_number_ = 0;
  Buffers buffers_;
  std::vector<std::vector<std::string>> run_files_;  // per family, oldest first
  class RunReader;  // reads a run back (bulk_writer.cc)
  // Evenly spaced entries of a run: where Commit may split a family's merge, and where a
  // slice's reader starts reading the run instead of at its beginning.
  struct RunMark {
    std::string key;
    uint64_t offset;  // of the entry in the run file
  };
  // Per family, per run (as run_files_): its marks. Written by the background write (each run's
  // own vector, made beforehand by StartRuns), read after WaitForRuns.
  std::vector<std::vector<std::vector<RunMark>>> run_marks_;
  bool created_scratch_dir_ = false;
  // Whether the final merge's run readers keep their files open (set by Commit, from the number
  // of runs and the process's limit on open files).
  bool keep_runs_open_ = true;
  // The background write in progress, if any, and the buffers it owns.
  std::future<Status> pending_;
  std::shared_ptr<Buffers> pending_buffers_;
  // Buffers whose runs are written, emptied, and their chunks: what new buffers are made of
  // before any fresh memory (Buffer::Allocate). Touched by the caller's thread only.
  Buffers spare_buffers_;
  std::vector<std::unique_ptr<char[]>> spare_chunks_;
};

}  // namespace chronicle::storage

#endif  // CHRONICLE_STORAGE_BULK_WRITER_H_
