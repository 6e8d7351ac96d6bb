#include "cli/table.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>

#include "core/text.h"

namespace chronicle::cli {

// Memory for rows, handed out in pieces that stay where they are until the table goes.
// Chunks grow geometrically from 64 KiB (a 3-row table touches one small chunk) to 2 MiB;
// from 2 MiB on they are aligned to 2 MiB and advised as huge pages, so the kernel fills them
// with one fault each instead of 512 (hand-written rather than std::pmr::monotonic_buffer_resource,
// which cannot ask for the alignment or the advice).
class Table::Chunks {
 public:
  Chunks() = default;
  Chunks(const Chunks&) = delete;
  Chunks& operator=(const Chunks&) = delete;
  ~Chunks() {
    for (void* chunk : chunks_) std::free(chunk);
  }

  // `bytes` of memory (unaligned: rows are bytes).
  char* Allocate(size_t bytes) {
    if (bytes > left_) NewChunk(bytes);
    char* piece = next_;
    next_ += bytes;
    left_ -= bytes;
    return piece;
  }

 private:
  static constexpr size_t kFirstChunkBytes = size_t{64} << 10;
  static constexpr size_t kHugePageBytes = size_t{2} << 20;

  void NewChunk(size_t at_least) {
    next_chunk_bytes_ = std::max(next_chunk_bytes_, kFirstChunkBytes);
    size_t bytes = std::max(next_chunk_bytes_, at_least);
    const bool huge = bytes >= kHugePageBytes;
    if (huge) bytes = (bytes + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
    void* chunk = huge ? std::aligned_alloc(kHugePageBytes, bytes) : std::malloc(bytes);
    if (chunk == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    // Advice only: where huge pages are off, the chunk is filled page by page as before.
    if (huge) ::madvise(chunk, bytes, MADV_HUGEPAGE);
#endif
    chunks_.push_back(chunk);
    next_ = static_cast<char*>(chunk);
    left_ = bytes;
    next_chunk_bytes_ = std::min(next_chunk_bytes_ * 2, kHugePageBytes);
  }

  std::vector<void*> chunks_;
  char* next_ = nullptr;
  size_t left_ = 0;
  size_t next_chunk_bytes_ = 0;
};

Table::Table(std::vector<std::string> headers, std::vector<size_t> max_widths)
    : headers_(std::move(headers)),
      max_widths_(std::move(max_widths)),
      chunks_(std::make_unique<Chunks>()) {
  if (headers_.empty() || headers_.size() > kMaxColumns) std::abort();  // a programming error
  max_widths_.resize(headers_.size(), 0);
  widths_.reserve(headers_.size());
  for (const std::string& header : headers_) widths_.push_back(DisplayWidth(header));
}

Table::~Table() = default;

namespace {

// A row is stored as, per cell: a varint of (text size << 1 | 1 when the display width differs
// from the size), then the width as a varint when it differs, then the text. Nearly every
// cell is printable ASCII (width = size) under 128 bytes: one byte of overhead. (LEB128 by hand:
// storage/'s codec is not the CLI's to use, and this is the whole of it.)

size_t VarintLength(uint64_t value) {
  size_t length = 1;
  while (value >= 0x80) {
    value >>= 7;
    ++length;
  }
  return length;
}

char* PutVarint(char* dst, uint64_t value) {
  while (value >= 0x80) {
    *dst++ = static_cast<char>(value | 0x80);
    value >>= 7;
  }
  *dst++ = static_cast<char>(value);
  return dst;
}

const char* GetVarint(const char* src, uint64_t* value) {
  uint64_t result = 0;
  for (int shift = 0;; shift += 7) {
    const auto byte = static_cast<unsigned char>(*src++);
    result |= uint64_t{byte & 0x7Fu} << shift;
    if (byte < 0x80) break;
  }
  *value = result;
  return src;
}

}  // namespace

// One row's cells as they are stored and printed: cut to their column's cap, with their
// display widths. `texts` may point into `truncated`.
struct Table::MeasuredRow {
  size_t widths[kMaxColumns];
  std::string_view texts[kMaxColumns];
  size_t stored_bytes = 0;             // what AddRow stores of it
  std::vector<std::string> truncated;  // only for cells over their cap
};

std::optional<std::string> Table::CutToCap(size_t column_idx, std::string_view text,
                                           size_t width) const {
  const size_t cap = max_widths_[column_idx];
  if (cap == 0 || width <= cap) return std::nullopt;
  return TruncateToWidth(text, cap);
}

[[gnu::always_inline]] inline void Table::Measure(std::initializer_list<std::string_view> cells,
                                                  MeasuredRow* row) {
  const size_t columns = headers_.size();
  size_t column_idx = 0;
  for (std::string_view text : cells) {
    size_t width = DisplayWidth(text);
    if (std::optional<std::string> cut = CutToCap(column_idx, text, width)) {
      row->truncated.reserve(columns);  // no reallocation: texts[] points into it
      text = row->truncated.emplace_back(std::move(*cut));
      width = DisplayWidth(text);
    }
    widths_[column_idx] = std::max(widths_[column_idx], width);
    row->texts[column_idx] = text;
    row->widths[column_idx] = width;
    const bool own_width = width != text.size();
    row->stored_bytes += VarintLength(uint64_t{text.size()} << 1 | (own_width ? 1 : 0)) +
                         (own_width ? VarintLength(width) : 0) + text.size();
    ++column_idx;
  }
}

void Table::AddRow(std::initializer_list<std::string_view> cells) {
  const size_t columns = headers_.size();
  // Measure first, then copy the row in one piece.
  MeasuredRow measured;
  Measure(cells, &measured);
  char* row = chunks_->Allocate(measured.stored_bytes);
  stored_bytes_ += measured.stored_bytes + sizeof(const char*);
  char* at = row;
  for (size_t column_idx = 0; column_idx < columns; ++column_idx) {
    const std::string_view text = measured.texts[column_idx];
    const bool own_width = measured.widths[column_idx] != text.size();
    at = PutVarint(at, uint64_t{text.size()} << 1 | (own_width ? 1 : 0));
    if (own_width) at = PutVarint(at, measured.widths[column_idx]);
    std::memcpy(at, text.data(), text.size());
    at += text.size();
  }
  rows_.push_back(row);
}

void Table::MeasureRow(std::initializer_list<std::string_view> cells) {
  MeasuredRow measured;
  Measure(cells, &measured);
}

void Table::DropRows() {
  chunks_ = std::make_unique<Chunks>();
  rows_ = std::vector<const char*>();
  stored_bytes_ = 0;
}

// A cell wider than its column (a Row the table did not measure) pushes the rest of its line
// right.
[[gnu::always_inline]] inline void Table::Writer::AppendCell(std::string_view text, size_t width,
                                                             size_t column_idx) {
  buffer_ += text;
  if (column_idx + 1 < table_.headers_.size()) {
    buffer_.append(std::max(table_.widths_[column_idx], width) - width + 2, ' ');
  }
}

// Lines are built in one buffer and written in large pieces.
inline void Table::Writer::EndLine(size_t line_start) {
  while (buffer_.size() > line_start && buffer_.back() == ' ') buffer_.pop_back();
  buffer_.push_back('\n');
  if (buffer_.size() > (1 << 20)) {
    out_ << buffer_;
    buffer_.clear();
  }
}

Table::Writer::Writer(const Table& table, std::ostream& out) : table_(table), out_(out) {
  const size_t columns = table_.headers_.size();
  for (size_t column_idx = 0; column_idx < columns; ++column_idx) {
    const std::string& header = table_.headers_[column_idx];
    AppendCell(header, DisplayWidth(header), column_idx);
  }
  EndLine(0);
}

Table::Writer::~Writer() { out_ << buffer_; }

void Table::Writer::StoredRow(size_t row_idx) {
  const size_t columns = table_.headers_.size();
  const size_t line_start = buffer_.size();
  const char* at = table_.rows_[row_idx];
  for (size_t column_idx = 0; column_idx < columns; ++column_idx) {
    uint64_t size_and_flag = 0;
    at = GetVarint(at, &size_and_flag);
    const size_t size = size_and_flag >> 1;
    uint64_t width = size;
    if ((size_and_flag & 1) != 0) at = GetVarint(at, &width);
    AppendCell(std::string_view(at, size), width, column_idx);
    at += size;
  }
  EndLine(line_start);
}

void Table::Writer::Row(std::initializer_list<std::string_view> cells) {
  const size_t line_start = buffer_.size();
  size_t column_idx = 0;
  for (std::string_view text : cells) {
    size_t width = DisplayWidth(text);
    const std::optional<std::string> cut = table_.CutToCap(column_idx, text, width);
    if (cut) {
      text = *cut;
      width = DisplayWidth(text);
    }
    AppendCell(text, width, column_idx);
    ++column_idx;
  }
  EndLine(line_start);
}

void Table::Print(std::ostream& out) const {
  Writer writer(*this, out);
  for (size_t row_idx = 0; row_idx < rows_.size(); ++row_idx) writer.StoredRow(row_idx);
}

void Table::Print(std::ostream& out, const std::vector<size_t>& order) const {
  Writer writer(*this, out);
  for (size_t row_idx : order) writer.StoredRow(row_idx);
}

}  // namespace chronicle::cli
