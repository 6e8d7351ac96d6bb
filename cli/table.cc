#include "cli/table.h"

#include <algorithm>
#include <numeric>

#include "core/text.h"

namespace chronicle::cli {

Table::Table(std::vector<std::string> headers, std::vector<size_t> max_widths)
    : headers_(std::move(headers)), max_widths_(std::move(max_widths)) {
  max_widths_.resize(headers_.size(), 0);
  widths_.reserve(headers_.size());
  for (const std::string& header : headers_) widths_.push_back(DisplayWidth(header));
}

void Table::AddCell(std::string_view text, size_t column_idx) {
  size_t width = DisplayWidth(text);
  const size_t cap = max_widths_[column_idx];
  if (cap > 0 && width > cap) {
    const std::string truncated = TruncateToWidth(text, cap);
    text_ += truncated;
    width = DisplayWidth(truncated);
  } else {
    text_ += text;
  }
  widths_[column_idx] = std::max(widths_[column_idx], width);
  cells_.push_back({static_cast<uint32_t>(text_.size()), static_cast<uint32_t>(width)});
}

void Table::AddRow(std::initializer_list<std::string_view> cells) {
  size_t column_idx = 0;
  for (std::string_view cell : cells) AddCell(cell, column_idx++);
  ++row_count_;
}

std::string_view Table::CellText(size_t cell_idx) const {
  const size_t begin = cell_idx == 0 ? 0 : cells_[cell_idx - 1].end;
  return std::string_view(text_).substr(begin, cells_[cell_idx].end - begin);
}

void Table::Print(std::ostream& out) const {
  std::vector<size_t> order(row_count_);
  std::iota(order.begin(), order.end(), size_t{0});
  Print(out, order);
}

void Table::Print(std::ostream& out, const std::vector<size_t>& order) const {
  const size_t columns = headers_.size();
  // Lines are built in one buffer and written in large pieces.
  std::string buffer;
  auto append_cell = [&](std::string_view text, size_t width, size_t column_idx) {
    buffer += text;
    if (column_idx + 1 < columns) buffer.append(widths_[column_idx] - width + 2, ' ');
  };
  auto end_line = [&](size_t line_start) {
    while (buffer.size() > line_start && buffer.back() == ' ') buffer.pop_back();
    buffer.push_back('\n');
    if (buffer.size() > (1 << 20)) {
      out << buffer;
      buffer.clear();
    }
  };
  for (size_t column_idx = 0; column_idx < columns; ++column_idx) {
    append_cell(headers_[column_idx], DisplayWidth(headers_[column_idx]), column_idx);
  }
  end_line(0);
  for (size_t row_idx : order) {
    const size_t line_start = buffer.size();
    for (size_t column_idx = 0; column_idx < columns; ++column_idx) {
      const size_t cell_idx = row_idx * columns + column_idx;
      append_cell(CellText(cell_idx), cells_[cell_idx].width, column_idx);
    }
    end_line(line_start);
  }
  out << buffer;
}

}  // namespace chronicle::cli
