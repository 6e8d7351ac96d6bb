#include "storage/bulk_writer.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/sst_file_writer.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <numeric>
#include <optional>
#include <thread>

#include "storage/key_codec.h"

namespace chronicle::storage {
namespace {

Status FromRocks(const rocksdb::Status& status, const std::string& what) {
  if (status.ok()) return Status::Ok();
  return Status::IoError(what + ": " + status.ToString());
}

}  // namespace

// Keys and values of one column family, appended to a few large chunks so that a million entries
// cost a handful of allocations.
struct BulkWriter::Buffer {
  struct Entry {
    // The key's first 16 bytes as two big-endian integers (zero-padded): most comparisons of
    // the sort end here, without a call to memcmp.
    uint64_t head_high;
    uint64_t head_low;
    const char* data;  // key then value, in one of the chunks
    uint32_t key_size;
    uint32_t value_size;
    uint64_t sequence;  // Put order (so that the last entry of a key wins) | kDeleteBit
  };
  static constexpr uint64_t kDeleteBit = uint64_t{1} << 63;
  static bool IsDelete(const Entry& entry) { return (entry.sequence & kDeleteBit) != 0; }
  // Entries live in fixed chunks: a growing string would copy all of them at every doubling
  // (10% of an import's planning thread).
  static constexpr size_t kChunkSize = size_t{4} << 20;
  using Chunk = std::unique_ptr<char[]>;
  std::vector<Chunk> chunks;  // the chunks of huge entries first, huge_chunks of them
  size_t huge_chunks = 0;
  size_t chunk_used = kChunkSize;
  std::vector<Entry> entries;

  // A new chunk comes from `spare` (the chunks of buffers whose runs are written) when it has
  // one: an import fills its budget many times over, and fresh memory costs a page fault per
  // 4 KiB (an import of 1M events touched ~900 MB). Chunks are not zeroed
  // (make_unique_for_overwrite): every byte handed out is written at once.
  char* Allocate(size_t size, std::vector<Chunk>* spare) {
    if (size > kChunkSize) {  // a huge entry gets a chunk of its own (never spare)
      chunks.insert(chunks.begin(), std::make_unique_for_overwrite<char[]>(size));
      ++huge_chunks;
      return chunks.front().get();
    }
    if (chunk_used + size > kChunkSize) {
      if (spare->empty()) {
        chunks.push_back(std::make_unique_for_overwrite<char[]>(kChunkSize));
      } else {
        chunks.push_back(std::move(spare->back()));
        spare->pop_back();
      }
      chunk_used = 0;
    }
    char* data = chunks.back().get() + chunk_used;
    chunk_used += size;
    return data;
  }

  std::string_view Key(const Entry& entry) const {
    return std::string_view(entry.data, entry.key_size);
  }
  std::string_view Value(const Entry& entry) const {
    return std::string_view(entry.data + entry.key_size, entry.value_size);
  }
  // Bytewise key order (RocksDB's default comparator), then Put order.
  bool Less(const Entry& a, const Entry& b) const {
    if (a.head_high != b.head_high) return a.head_high < b.head_high;
    if (a.head_low != b.head_low) return a.head_low < b.head_low;
    int order = Key(a).compare(Key(b));
    return order != 0 ? order < 0 : (a.sequence & ~kDeleteBit) < (b.sequence & ~kDeleteBit);
  }
  // Sorts the entries by key and drops all but the last Put of equal keys.
  void Sort();
  // Empties the buffer for its next run, moving its chunks of kChunkSize to *spare and keeping
  // the capacity of `entries`.
  void Recycle(std::vector<Chunk>* spare) {
    for (size_t chunk_idx = huge_chunks; chunk_idx < chunks.size(); ++chunk_idx) {
      if (spare->size() < kMaxSpareChunks) spare->push_back(std::move(chunks[chunk_idx]));
    }
    chunks.clear();
    huge_chunks = 0;
    chunk_used = kChunkSize;
    entries.clear();
  }
  // Huge entries' chunks are not kept; nor are more chunks than a budget of 128 MiB holds.
  static constexpr size_t kMaxSpareChunks = (size_t{128} << 20) / kChunkSize;
};

namespace {

uint64_t BigEndianHead(std::string_view bytes, size_t from) {
  uint64_t value = 0;
  for (size_t byte_idx = 0; byte_idx < 8; ++byte_idx) {
    size_t pos = from + byte_idx;
    value = (value << 8) | (pos < bytes.size() ? static_cast<uint8_t>(bytes[pos]) : 0);
  }
  return value;
}

}  // namespace

BulkWriter::BulkWriter(rocksdb::DB* db, std::vector<Family> families, std::string scratch_dir,
                       size_t memory_budget_bytes, uint64_t slice_input_bytes)
    : db_(db),
      families_(std::move(families)),
      scratch_dir_(std::move(scratch_dir)),
      memory_budget_bytes_(memory_budget_bytes),
      slice_input_bytes_(std::max<uint64_t>(slice_input_bytes, 1)),
      run_files_(families_.size()),
      run_marks_(families_.size()) {
  for (size_t family_idx = 0; family_idx < families_.size(); ++family_idx) {
    buffers_.push_back(std::make_unique<Buffer>());
  }
}

BulkWriter::~BulkWriter() {
  WaitForRuns().IgnoreError();  // an abandoned import: its files are removed below anyway
  if (created_scratch_dir_) {
    std::error_code ignored;
    std::filesystem::remove_all(scratch_dir_, ignored);
  }
}

Status BulkWriter::Put(size_t family, std::string_view key, std::string_view value) {
  return Add(family, key, value, /*is_delete=*/false);
}

Status BulkWriter::Delete(size_t family, std::string_view key) {
  return Add(family, key, "", /*is_delete=*/true);
}

Status BulkWriter::Add(size_t family, std::string_view key, std::string_view value,
                       bool is_delete) {
  Buffer& buffer = *buffers_[family];
  char* data = buffer.Allocate(key.size() + value.size(), &spare_chunks_);
  std::memcpy(data, key.data(), key.size());
  std::memcpy(data + key.size(), value.data(), value.size());
  buffer.entries.push_back({BigEndianHead(key, 0), BigEndianHead(key, 8), data,
                            static_cast<uint32_t>(key.size()), static_cast<uint32_t>(value.size()),
                            buffer.entries.size() | (is_delete ? Buffer::kDeleteBit : 0)});
  buffered_bytes_ += key.size() + value.size() + sizeof(Buffer::Entry);
  // Half the budget: the other half is the buffers being written in the background.
  if (buffered_bytes_ > memory_budget_bytes_ / 2) return StartRuns();
  return Status::Ok();
}

Status BulkWriter::WaitForRuns() {
  if (!pending_.valid()) return Status::Ok();
  Status status = pending_.get();
  // The runs are written: their buffers serve the next ones (the background write is over,
  // and only this thread touches them now). Each family keeps its own buffer, whose entries'
  // capacity fits that family's share.
  spare_buffers_ = std::move(*pending_buffers_);
  for (std::unique_ptr<Buffer>& buffer : spare_buffers_) buffer->Recycle(&spare_chunks_);
  pending_buffers_.reset();
  return status;
}

Status BulkWriter::StartRuns() {
  CHRONICLE_RETURN_IF_ERROR(WaitForRuns());
  CHRONICLE_RETURN_IF_ERROR(CreateScratchDir());
  std::vector<std::string> paths(families_.size());
  for (size_t family_idx = 0; family_idx < families_.size(); ++family_idx) {
    if (buffers_[family_idx]->entries.empty()) continue;
    paths[family_idx] = scratch_dir_ + "/run-" + std::to_string(next_file_number_++);
    run_files_[family_idx].push_back(paths[family_idx]);
    run_marks_[family_idx].emplace_back();
  }
  pending_buffers_ = std::make_shared<Buffers>(std::move(buffers_));
  buffers_.clear();
  for (size_t family_idx = 0; family_idx < families_.size(); ++family_idx) {
    buffers_.push_back(family_idx < spare_buffers_.size()
                           ? std::move(spare_buffers_[family_idx])
                           : std::make_unique<Buffer>());
  }
  spare_buffers_.clear();
  buffered_bytes_ = 0;
  pending_ = std::async(std::launch::async, [this, buffers = pending_buffers_, paths] {
    return WriteRunFiles(*buffers, paths);
  });
  return Status::Ok();
}

Status BulkWriter::CreateScratchDir() {
  if (created_scratch_dir_) return Status::Ok();
  std::error_code error;
  std::filesystem::create_directories(scratch_dir_, error);
  if (error) return Status::IoError("cannot create " + scratch_dir_ + ": " + error.message());
  created_scratch_dir_ = true;
  return Status::Ok();
}

void BulkWriter::Buffer::Sort() {
  std::sort(entries.begin(), entries.end(),
            [this](const Entry& a, const Entry& b) { return Less(a, b); });
  // Equal keys are now adjacent and in Put order: keep only the last of each.
  size_t kept = 0;
  for (size_t entry_idx = 0; entry_idx < entries.size(); ++entry_idx) {
    if (entry_idx + 1 < entries.size() && Key(entries[entry_idx + 1]) == Key(entries[entry_idx])) {
      continue;
    }
    entries[kept++] = entries[entry_idx];
  }
  entries.resize(kept);
}

namespace {

// Marks per run, and samples of the last buffer: split keys are quantiles of them all.
constexpr size_t kMarksPerRun = 64;

}  // namespace

Status BulkWriter::WriteRunFiles(const Buffers& buffers, const std::vector<std::string>& paths) {
  std::vector<Status> statuses(families_.size());
  std::vector<std::thread> threads;
  for (size_t family_idx = 0; family_idx < families_.size(); ++family_idx) {
    if (paths[family_idx].empty()) continue;
    threads.emplace_back([this, family_idx, &buffers, &paths, &statuses] {
      Buffer& buffer = *buffers[family_idx];
      buffer.Sort();
      std::vector<RunMark>& marks = run_marks_[family_idx].back();
      const size_t mark_step = std::max<size_t>(1, buffer.entries.size() / kMarksPerRun);
      // A run is a plain sequence of (varint key size, varint value size * 2 + is-delete, key,
      // value): it is read back in order by the merge, from its start or from a mark.
      // Entries are gathered into a 1 MiB block and written with one call per block; sorted,
      // they are read from all over the buffer, so the entry a few places ahead is prefetched
      // (through std::ofstream, two small writes per entry, copying them was 5% of an import).
      std::FILE* out = std::fopen(paths[family_idx].c_str(), "wb");
      if (out == nullptr) {
        statuses[family_idx] = Status::IoError("cannot write " + paths[family_idx]);
        return;
      }
      std::setvbuf(out, nullptr, _IONBF, 0);  // blocks go straight to write(2)
      constexpr size_t kBlockBytes = size_t{1} << 20;
      constexpr size_t kPrefetchDistance = 8;
      std::string block;
      block.reserve(kBlockBytes + 64);
      bool written = true;
      auto flush = [&] {
        written = written && std::fwrite(block.data(), 1, block.size(), out) == block.size();
        block.clear();
      };
      uint64_t offset = 0;
      const size_t count = buffer.entries.size();
      for (size_t entry_idx = 0; entry_idx < count; ++entry_idx) {
        if (entry_idx + kPrefetchDistance < count) {
          __builtin_prefetch(buffer.entries[entry_idx + kPrefetchDistance].data);
        }
        const Buffer::Entry& entry = buffer.entries[entry_idx];
        if (entry_idx % mark_step == 0) marks.push_back({std::string(buffer.Key(entry)), offset});
        const size_t before = block.size();
        AppendVarint64(&block, entry.key_size);
        AppendVarint64(&block, uint64_t{entry.value_size} * 2 + (Buffer::IsDelete(entry) ? 1 : 0));
        block.append(entry.data, entry.key_size + entry.value_size);
        offset += block.size() - before;
        if (block.size() >= kBlockBytes) flush();
      }
      flush();
      written = std::fclose(out) == 0 && written;
      if (!written) statuses[family_idx] = Status::IoError("cannot write " + paths[family_idx]);
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const Status& status : statuses) CHRONICLE_RETURN_IF_ERROR(status);
  return Status::Ok();
}

// Reads a run file back in order, from a read-only mapping: key() and value() point into it
// (no copy per entry), and what was read is given back to the kernel as the reader moves on.
// Read through std::ifstream (a byte at a time for the varints), runs cost a tenth of the
// merge that ends an import.
class BulkWriter::RunReader {
 public:
  // A merge reads every run of a family at once, in two slices at a time, so what each reader
  // holds is multiplied by the number of runs, which grows with the import. Read through a
  // mapping, a reader held the pages it had read until it gave them back (every 256 KiB; every
  // 4 MiB before, when a 10M-event import held 470 MB of run pages at its end), plus the pages
  // the kernel mapped around each fault; with 64 MiB runs a 10M-event merge held ~270 MB of
  // them. Read with pread into a buffer of its own, a reader holds kBufferBytes (more only
  // for an entry larger than that), and the kernel's read-ahead still sees sequential reads.
  // It keeps its file open (`keep_open`) unless the merge's runs would need too many open
  // files: a 10M-event import merges ~150 runs per family, two families at once, and an import
  // ten times larger would pass the 1,024 files a process may have open by default. Reopening
  // the file at every refill instead took a 10M-event import 53.3-53.4 s against 51.1-52.2 s.
  static constexpr size_t kBufferBytes = size_t{64} << 10;

  RunReader(std::string path, bool keep_open) : path_(std::move(path)) {
    struct stat info {};
    if (::stat(path_.c_str(), &info) != 0) {
      failed_ = true;
      return;
    }
    file_size_ = static_cast<uint64_t>(info.st_size);
    buffer_.resize(kBufferBytes);
    if (keep_open) {
      fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd_ < 0) failed_ = true;
    }
  }
  ~RunReader() {
    if (fd_ >= 0) ::close(fd_);
  }
  RunReader(const RunReader&) = delete;
  RunReader& operator=(const RunReader&) = delete;

  bool ok() const { return !failed_; }
  // Advances to the next entry; false at the end (or on a damaged run: see ok()). The previous
  // entry's key and value are no longer valid.
  bool Next() {
    if (failed_) return false;
    // Two varints (sizes) of at most 10 bytes each.
    if (!Fill(20)) return false;
    if (begin_ == end_) return false;  // the end of the run
    std::string_view header(buffer_.data() + begin_, end_ - begin_);
    uint64_t key_size = 0, value_size = 0;
    if (!DecodeVarint64(&header, &key_size) || !DecodeVarint64(&header, &value_size)) {
      return Fail();
    }
    const size_t header_size = (end_ - begin_) - header.size();
    is_delete_ = (value_size & 1) != 0;
    value_size >>= 1;
    if (key_size > file_size_ || value_size > file_size_) return Fail();
    const size_t entry_size = header_size + key_size + value_size;
    if (!Fill(entry_size)) return false;
    if (end_ - begin_ < entry_size) return Fail();  // the run ends inside the entry
    key_ = std::string_view(buffer_.data() + begin_ + header_size, key_size);
    value_ = std::string_view(key_.data() + key_size, value_size);
    begin_ += entry_size;
    return true;
  }
  std::string_view key() const { return key_; }
  std::string_view value() const { return value_; }
  bool is_delete() const { return is_delete_; }
  // Advances to the first entry whose key is >= `key` (runs are sorted), reading from the last
  // of `marks` whose key is <= `key`; false when there is no such entry.
  bool SeekTo(std::string_view key, const std::vector<RunMark>& marks) {
    auto after = std::upper_bound(marks.begin(), marks.end(), key,
                                  [](std::string_view bound, const RunMark& mark) {
                                    return bound < mark.key;
                                  });
    if (after != marks.begin() && ok()) {
      const uint64_t offset = std::prev(after)->offset;
      if (offset > file_size_) return Fail();
      file_offset_ = offset;
      begin_ = end_ = 0;
    }
    while (Next()) {
      if (key_ >= key) return true;
    }
    return false;
  }

 private:
  // Makes the buffer hold at least `bytes` unread bytes, or every byte left in the run.
  // False on a read error (then failed).
  bool Fill(size_t bytes) {
    if (end_ - begin_ >= bytes || file_offset_ == file_size_) return true;
    // Unread bytes go to the front (the last entry handed out is done with).
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
    if (bytes > buffer_.size()) buffer_.resize(bytes);
    const int fd = fd_ >= 0 ? fd_ : ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Fail();
    bool read_all = true;
    while (end_ < buffer_.size() && file_offset_ < file_size_) {
      const size_t want =
          static_cast<size_t>(std::min<uint64_t>(buffer_.size() - end_, file_size_ - file_offset_));
      const ssize_t got =
          ::pread(fd, buffer_.data() + end_, want, static_cast<off_t>(file_offset_));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {  // an error, or the file is shorter than it was
        read_all = false;
        break;
      }
      end_ += static_cast<size_t>(got);
      file_offset_ += static_cast<uint64_t>(got);
    }
    if (fd != fd_) ::close(fd);
    return read_all || Fail();
  }
  bool Fail() {
    failed_ = true;
    return false;
  }

  std::string path_;
  int fd_ = -1;  // when kept open
  uint64_t file_size_ = 0;
  uint64_t file_offset_ = 0;  // of the first byte not yet read into the buffer
  std::vector<char> buffer_;
  size_t begin_ = 0, end_ = 0;  // the unread bytes in buffer_
  std::string_view key_, value_;
  bool is_delete_ = false;
  bool failed_ = false;
};

std::vector<BulkWriter::Slice> BulkWriter::SlicesOf(size_t family_idx) const {
  const Buffer& buffer = *buffers_[family_idx];
  uint64_t bytes = 0;
  for (const std::string& run : run_files_[family_idx]) {
    std::error_code error;
    const uintmax_t size = std::filesystem::file_size(run, error);
    if (!error) bytes += size;
  }
  for (const Buffer::Entry& entry : buffer.entries) bytes += entry.key_size + entry.value_size;
  // By default about 128 MiB of input per slice (~50 MB of LZ4-compressed SST). The split keys
  // are quantiles of keys sampled evenly from every run and from the last buffer.
  const size_t wanted =
      static_cast<size_t>(std::clamp<uint64_t>(bytes / slice_input_bytes_, 1, 16));
  std::vector<std::string> samples;
  for (const std::vector<RunMark>& marks : run_marks_[family_idx]) {
    for (const RunMark& mark : marks) samples.push_back(mark.key);
  }
  const size_t sample_step = std::max<size_t>(1, buffer.entries.size() / kMarksPerRun);
  for (size_t entry_idx = 0; entry_idx < buffer.entries.size(); entry_idx += sample_step) {
    samples.emplace_back(buffer.Key(buffer.entries[entry_idx]));
  }
  std::sort(samples.begin(), samples.end());
  std::vector<std::string> splits;
  const size_t group_prefix = families_[family_idx].group_prefix;
  for (size_t part = 1; part < wanted && samples.size() >= wanted; ++part) {
    std::string& key = samples[part * samples.size() / wanted];
    // A split at the start of the key's group keeps the group in one slice.
    if (group_prefix > 0 && key.size() > group_prefix) key.resize(group_prefix);
    if (splits.empty() || key > splits.back()) splits.push_back(std::move(key));
  }
  std::vector<Slice> slices(splits.size() + 1);
  for (size_t slice_idx = 0; slice_idx < slices.size(); ++slice_idx) {
    Slice& slice = slices[slice_idx];
    slice.family_idx = family_idx;
    if (slice_idx > 0) slice.begin = splits[slice_idx - 1];
    if (slice_idx < splits.size()) slice.end = splits[slice_idx];
    slice.bytes = bytes / slices.size();
    slice.path_prefix = scratch_dir_ + "/table-" + std::to_string(family_idx) + "-" +
                        std::to_string(slice_idx);
  }
  return slices;
}

Status BulkWriter::MergeIntoTables(Slice* slice) const {
  const size_t family_idx = slice->family_idx;
  const Buffer& buffer = *buffers_[family_idx];
  const Family& family = families_[family_idx];
  const bool bounded = !slice->end.empty();
  const std::string_view end = slice->end;
  // The output is cut into files of about kTableFileSize, each a contiguous key range: a query
  // opens only the files its keys fall in, and opening a file reads its whole index and
  // filter, so one big file per import made a 2-row timeline cost 18 ms at 10M events.
  constexpr uint64_t kTableFileSize = uint64_t{64} << 20;
  rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), *family.options, family.handle);
  bool is_open = false;
  std::string path;
  auto open_next = [&]() -> Status {
    path = slice->path_prefix + "-" + std::to_string(slice->tables.size()) + ".sst";
    slice->tables.push_back(path);
    is_open = true;
    return FromRocks(writer.Open(path), "cannot write " + path);
  };
  // Writes one entry to the slice's current file, starting a new file past kTableFileSize.
  auto write = [&](std::string_view key, std::string_view value, bool is_delete) -> Status {
    if (is_open && writer.FileSize() >= kTableFileSize) {
      CHRONICLE_RETURN_IF_ERROR(FromRocks(writer.Finish(), "cannot write " + path));
      is_open = false;
    }
    if (!is_open) CHRONICLE_RETURN_IF_ERROR(open_next());
    const rocksdb::Status status = is_delete ? writer.Delete(key) : writer.Put(key, value);
    return FromRocks(status, "cannot write " + path);
  };
  std::unique_ptr<Transform> transform;
  if (family.transform) transform = family.transform(write);

  // Sources in age order: the runs, then the buffer. For equal keys the youngest wins, so the
  // merge heap orders by key, then by source, youngest first.
  const std::vector<std::string>& runs = run_files_[family_idx];
  std::vector<std::unique_ptr<RunReader>> readers;
  for (const std::string& run : runs) {
    readers.push_back(std::make_unique<RunReader>(run, keep_runs_open_));
  }
  const size_t buffer_source = readers.size();
  auto buffer_position = [&](std::string_view key) {
    return static_cast<size_t>(
        std::lower_bound(buffer.entries.begin(), buffer.entries.end(), key,
                         [&](const Buffer::Entry& entry, std::string_view bound) {
                           return buffer.Key(entry) < bound;
                         }) -
        buffer.entries.begin());
  };
  size_t buffer_pos = buffer_position(slice->begin);
  const size_t buffer_end = bounded ? buffer_position(end) : buffer.entries.size();
  auto key_of = [&](size_t source) -> std::string_view {
    return source == buffer_source ? buffer.Key(buffer.entries[buffer_pos])
                                   : readers[source]->key();
  };
  auto greater = [&](size_t a, size_t b) {  // std::priority_queue is a max-heap
    int order = key_of(a).compare(key_of(b));
    return order != 0 ? order > 0 : a < b;
  };
  // A run's next entry, if it is inside the slice.
  auto advance = [&](size_t source, bool first) -> Result<bool> {
    RunReader& reader = *readers[source];
    const bool found =
        first ? reader.SeekTo(slice->begin, run_marks_[family_idx][source]) : reader.Next();
    if (!reader.ok()) return Status::IoError("cannot read " + runs[source]);
    return found && (!bounded || reader.key() < end);
  };
  std::vector<size_t> heap;
  for (size_t source = 0; source < readers.size(); ++source) {
    Result<bool> more = advance(source, /*first=*/true);
    if (!more.ok()) return more.status();
    if (*more) heap.push_back(source);
  }
  if (buffer_pos < buffer_end) heap.push_back(buffer_source);
  std::make_heap(heap.begin(), heap.end(), greater);
  std::string last_key;
  bool has_last = false;
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), greater);
    const size_t source = heap.back();
    std::string_view key = key_of(source);
    if (!has_last || key != last_key) {  // the first of equal keys is the youngest
      std::string_view value = source == buffer_source ? buffer.Value(buffer.entries[buffer_pos])
                                                       : readers[source]->value();
      const bool is_delete = source == buffer_source
                                 ? Buffer::IsDelete(buffer.entries[buffer_pos])
                                 : readers[source]->is_delete();
      CHRONICLE_RETURN_IF_ERROR(transform ? transform->Add(key, value, is_delete)
                                          : write(key, value, is_delete));
      last_key.assign(key);
      has_last = true;
    }
    bool more = false;
    if (source == buffer_source) {
      more = ++buffer_pos < buffer_end;
    } else {
      Result<bool> next = advance(source, /*first=*/false);
      if (!next.ok()) return next.status();
      more = *next;
    }
    if (more) {
      std::push_heap(heap.begin(), heap.end(), greater);
    } else {
      heap.pop_back();
    }
  }
  if (transform) CHRONICLE_RETURN_IF_ERROR(transform->Finish());
  if (!is_open) return Status::Ok();
  return FromRocks(writer.Finish(), "cannot write " + path);
}

Status BulkWriter::Commit() {
  CHRONICLE_RETURN_IF_ERROR(WaitForRuns());
  // No run follows: what was kept for the next ones goes back before the merge needs memory.
  spare_buffers_.clear();
  spare_chunks_.clear();
  CHRONICLE_RETURN_IF_ERROR(CreateScratchDir());
  {  // Each family's last buffer sorted, one thread per family.
    std::vector<std::thread> threads;
    for (const std::unique_ptr<Buffer>& buffer : buffers_) {
      if (!buffer->entries.empty()) threads.emplace_back([&buffer] { buffer->Sort(); });
    }
    for (std::thread& thread : threads) thread.join();
  }
  std::vector<Slice> slices;
  for (size_t family_idx = 0; family_idx < families_.size(); ++family_idx) {
    if (run_files_[family_idx].empty() && buffers_[family_idx]->entries.empty()) continue;
    for (Slice& slice : SlicesOf(family_idx)) slices.push_back(std::move(slice));
  }
  // The slices of all families, largest first, on as many threads as there are cores.
  std::vector<size_t> order(slices.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return slices[a].bytes > slices[b].bytes; });
  std::atomic<size_t> next_task{0};
  const size_t thread_count =
      std::min<size_t>(slices.size(), std::max(2u, std::thread::hardware_concurrency()));
  // Run readers keep their files open while every thread's readers fit in half of the files
  // this process may open (the rest is RocksDB's and the caller's).
  size_t most_runs = 0;
  for (const std::vector<std::string>& runs : run_files_) most_runs = std::max(most_runs, runs.size());
  rlimit open_files{};
  const uint64_t allowed =
      ::getrlimit(RLIMIT_NOFILE, &open_files) == 0 ? open_files.rlim_cur / 2 : 256;
  keep_runs_open_ = uint64_t{most_runs} * thread_count <= allowed;
  std::vector<std::thread> threads;
  for (size_t thread_idx = 0; thread_idx < thread_count; ++thread_idx) {
    threads.emplace_back([&] {
      for (size_t task = next_task++; task < order.size(); task = next_task++) {
        Slice& slice = slices[order[task]];
        slice.status = MergeIntoTables(&slice);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::vector<std::vector<std::string>> tables(families_.size());
  for (Slice& slice : slices) {  // in family order, and in key order within a family
    CHRONICLE_RETURN_IF_ERROR(slice.status);
    for (std::string& table : slice.tables) tables[slice.family_idx].push_back(std::move(table));
  }

  std::vector<rocksdb::IngestExternalFileArg> args;
  for (size_t family_idx = 0; family_idx < families_.size(); ++family_idx) {
    if (tables[family_idx].empty()) continue;
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = families_[family_idx].handle;
    arg.external_files = tables[family_idx];
    arg.options.move_files = true;
    // Recommended for new stores: the global sequence number lives in the MANIFEST instead of
    // being patched into each file.
    arg.options.write_global_seqno = false;
    args.push_back(std::move(arg));
  }
  if (args.empty()) return Status::Ok();
  return FromRocks(db_->IngestExternalFiles(args), "cannot ingest the import");
}

}  // namespace chronicle::storage
