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
  size_t row_count() const { return rows_.size(); }

  // Prints the header and the rows in the order they were added.
  void Print(std::ostream& out) const;
  // Prints the header and the rows in `order` (positions in adding order).
  // REQUIRES: `order` is a permutation of 0 .. row_count() - 1.
  void Print(std::ostream& out, const std::vector<size_t>& order) const;

 private:
  class Chunks;   // where rows are stored (table.cc)
  class Printer;  // builds the printed lines (table.cc)

  std::vector<std::string> headers_;
  std::vector<size_t> max_widths_;
  std::vector<size_t> widths_;  // widest cell per column, header included
  std::unique_ptr<Chunks> chunks_;
  std::vector<const char*> rows_;  // where each row is stored (table.cc), in adding order
};

}  // namespace chronicle::cli

#endif  // CHRONICLE_CLI_TABLE_H_
