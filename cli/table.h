// A plain-text table for the terminal: columns aligned by display width (Hangul and CJK take
// two columns), a header row, two spaces between columns, the last column not padded.
//
// Cells are kept in one buffer (text and display width per cell, measured once), so a table
// of 300,000 timeline rows costs about the size of its text, not a string object per cell.
#ifndef CHRONICLE_CLI_TABLE_H_
#define CHRONICLE_CLI_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace chronicle::cli {

class Table {
 public:
  // `max_widths[i]` caps column i (0 = no cap); longer cells are cut with "…".
  explicit Table(std::vector<std::string> headers, std::vector<size_t> max_widths = {});

  // Copies the cells. REQUIRES: cells.size() == number of headers.
  void AddRow(std::initializer_list<std::string_view> cells);
  size_t row_count() const { return row_count_; }

  // Prints the header and the rows in the order they were added.
  void Print(std::ostream& out) const;
  // Prints the header and the rows in `order` (positions in adding order).
  // REQUIRES: `order` is a permutation of 0 .. row_count() - 1.
  void Print(std::ostream& out, const std::vector<size_t>& order) const;

 private:
  struct Cell {
    uint32_t end;    // offset one past the cell's text in text_
    uint32_t width;  // display width
  };
  void AddCell(std::string_view text, size_t column_idx);
  std::string_view CellText(size_t cell_idx) const;

  std::vector<std::string> headers_;
  std::vector<size_t> max_widths_;
  std::vector<size_t> widths_;  // widest cell per column, header included
  std::string text_;            // every cell's text, one after another
  std::vector<Cell> cells_;     // row-major
  size_t row_count_ = 0;
};

}  // namespace chronicle::cli

#endif  // CHRONICLE_CLI_TABLE_H_
