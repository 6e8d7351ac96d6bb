#include "cli/table.h"

#include <algorithm>

#include "core/text.h"

namespace chronicle::cli {

Table::Table(std::vector<std::string> headers, std::vector<size_t> max_widths)
    : headers_(std::move(headers)), max_widths_(std::move(max_widths)) {
  max_widths_.resize(headers_.size(), 0);
}

void Table::AddRow(std::vector<std::string> cells) {
  for (size_t column_idx = 0; column_idx < cells.size(); ++column_idx) {
    if (max_widths_[column_idx] > 0) {
      cells[column_idx] = TruncateToWidth(cells[column_idx], max_widths_[column_idx]);
    }
  }
  rows_.push_back(std::move(cells));
}

void Table::Print(std::ostream& out) const {
  std::vector<size_t> widths(headers_.size(), 0);
  auto measure = [&widths](const std::vector<std::string>& cells) {
    for (size_t column_idx = 0; column_idx < cells.size(); ++column_idx) {
      widths[column_idx] = std::max(widths[column_idx], DisplayWidth(cells[column_idx]));
    }
  };
  measure(headers_);
  for (const auto& row : rows_) measure(row);
  // Lines are built in one buffer and written in large pieces.
  std::string buffer;
  auto print_row = [&](const std::vector<std::string>& cells) {
    const size_t line_start = buffer.size();
    for (size_t column_idx = 0; column_idx < cells.size(); ++column_idx) {
      buffer += cells[column_idx];
      if (column_idx + 1 == cells.size()) break;
      size_t cell_width = DisplayWidth(cells[column_idx]);
      buffer.append(widths[column_idx] - cell_width + 2, ' ');
    }
    while (buffer.size() > line_start && buffer.back() == ' ') buffer.pop_back();
    buffer.push_back('\n');
    if (buffer.size() > (1 << 20)) {
      out << buffer;
      buffer.clear();
    }
  };
  print_row(headers_);
  for (const auto& row : rows_) print_row(row);
  out << buffer;
}

}  // namespace chronicle::cli
