// SPDX-License-Identifier: MIT
#include "cranes/film/title.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace cranes::film {

std::pair<std::string, std::string> split_title_year(const std::string& text) {
  std::string t = text;
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
  const bool year = t.size() >= 6 && t.back() == ')' && t[t.size() - 6] == '(' &&
                    std::all_of(t.end() - 5, t.end() - 1, [](char c) { return c >= '0' && c <= '9'; });
  if (!year) return {text, ""};
  std::string title = t.substr(0, t.size() - 6);
  while (!title.empty() && std::isspace(static_cast<unsigned char>(title.back()))) title.pop_back();
  if (title.empty()) return {text, ""};
  return {title, t.substr(t.size() - 5, 4)};
}

std::pair<std::string, std::string> film_title(const Film& film) {
  std::string title = film.source.title;
  if (title.empty()) title = std::filesystem::path(film.source.path).stem().string();
  auto [name, year] = split_title_year(title);
  const std::string& d = film.source.date;
  if (year.empty() && d.size() >= 4 &&
      std::all_of(d.begin(), d.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }))
    year = d.substr(0, 4);
  return {name, year};
}

}  // namespace cranes::film
