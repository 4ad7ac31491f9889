// SPDX-License-Identifier: MIT
// Fuzz target: the analysis reader (film_from_json) on arbitrary bytes. Whatever the bytes, reading either
// gives a Film or throws cranes::Error, never anything else; and a Film that was read writes and reads back
// to itself (the field tables lose nothing and invent nothing). Built with libFuzzer (make fuzz) or with the
// replay driver (replay_main.cpp), which the test suite runs over the corpus.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "cranes/core/error.hpp"
#include "cranes/film/film.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const nlohmann::json j = nlohmann::json::parse(data, data + size, nullptr, false);
  if (j.is_discarded()) return 0;
  cranes::film::Film film;
  try {
    film = cranes::film::film_from_json(j, "fuzz.json");
  } catch (const cranes::Error&) {
    return 0;  // refused with a one-line reason: fine
  }
  const nlohmann::json again = cranes::film::to_json(film);
  const cranes::film::Film back = cranes::film::film_from_json(nlohmann::json::parse(again.dump()), "again");
  // Dutch-angle samples are rounded when written: compare what the document says, not the doubles.
  if (cranes::film::to_json(back) != again) std::abort();
  return 0;
}
