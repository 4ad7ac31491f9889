// SPDX-License-Identifier: MIT
// A film's title and year as people write them, from what the container says: the title tag (or the file's
// name), with a year from "Title (1957)" or the date tag. The gallery's headings and the catalog read it.
#pragma once

#include <string>
#include <utility>

#include "cranes/film/film.hpp"

namespace cranes::film {

/// "The Cranes Are Flying (1957)" -> {"The Cranes Are Flying", "1957"}; no year in brackets -> {text, ""}.
std::pair<std::string, std::string> split_title_year(const std::string& text);

/// {title, year}: the title tag, else the video's file name without extension; the year in brackets at the
/// end of the title, else the first four digits of the date tag, else "".
std::pair<std::string, std::string> film_title(const Film& film);

}  // namespace cranes::film
