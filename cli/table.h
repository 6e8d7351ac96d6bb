// A plain-text table for the terminal: columns aligned by display width (Hangul and CJK take
// two columns), a header row, two spaces between columns, the last column not padded.
//
// Rows are kept packed (each cell's text and display width, measured once; a byte or two of
// overhead per cell) in chunks that never move, so a table of 300,000 timeline rows costs about
// the size of its text: no string object per cell, and no copy of everything each time the
// buffer grows. Large tables take their chunks in transparent huge pages (Linux, where enabled
// with "madvise"): a 300,000-row timeline spent a third of its time in page faults filling
// 4 KiB pages.
#ifndef CHRONICLE_CLI_TABLE_H_
#define CHRONICLE_CLI_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace chronicle::cli {

class Table {
 public:
  static constexpr size_t kMaxColumns = 16;

  // `max_widths[i]` caps column i (0 = no cap); longer cells are cut with "…".
  // REQUIRES: 1 <= headers.size() <= kMaxColumns.
  explicit Table(std::vector<std::string> headers, std::vector<size_t> max_widths = {});
  ~Table();
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;

  // Copies the cells. REQUIRES: cells.size() == number of headers.
  void AddRow(std::initializer_list<std::string_view> cells);
  // Widens the columns as AddRow would, without keeping the row (for listings too long to
  // keep: measure every row, then print them with a Writer as they are read again).
  void MeasureRow(std::initializer_list<std::string_view> cells);
  // Forgets the rows kept so far (not the column widths they measured) and frees their memory.
  void DropRows();
  size_t row_count() const { return rows_.size(); }
  // About how much memory the kept rows take.
  size_t stored_bytes() const { return stored_bytes_; }

  // Prints the header and the rows in the order they were added.
  void Print(std::ostream& out) const;
  // Prints the header and the rows in `order` (positions in adding order).
  // REQUIRES: `order` is a permutation of 0 .. row_count() - 1.
  void Print(std::ostream& out, const std::vector<size_t>& order) const;

  // Prints the header when made, then one line per StoredRow or Row, aligned to the widths
  // measured so far; what is left in its buffer is written when it goes. A Row the table did
  // not measure is still printed whole, pushing the rest of its line right.
  // The table must outlive the writer and not change while it is in use.
  class Writer {
   public:
    Writer(const Table& table, std::ostream& out);
    ~Writer();
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    void StoredRow(size_t row_idx);  // REQUIRES: row_idx < table.row_count()
    void Row(std::initializer_list<std::string_view> cells);

   private:
    void AppendCell(std::string_view text, size_t width, size_t column_idx);
    void EndLine(size_t line_start);

    const Table& table_;
    std::ostream& out_;
    std::string buffer_;
  };

 private:
  class Chunks;       // where rows are stored (table.cc)
  struct MeasuredRow;  // one row's cells, cut to their caps, with their widths (table.cc)
  void Measure(std::initializer_list<std::string_view> cells, MeasuredRow* row);
  // The cell cut to column `column_idx`'s cap ("…" at the end), nullopt when it fits; `width`
  // is its display width.
  std::optional<std::string> CutToCap(size_t column_idx, std::string_view text,
                                      size_t width) const;

  std::vector<std::string> headers_;
  std::vector<size_t> max_widths_;
  std::vector<size_t> widths_;  // widest cell per column, header included
  std::unique_ptr<Chunks> chunks_;
  std::vector<const char*> rows_;  // where each row is stored (table.cc), in adding order
  size_t stored_bytes_ = 0;
};

}  // namespace chronicle::cli

#endif  // CHRONICLE_CLI_TABLE_H_
