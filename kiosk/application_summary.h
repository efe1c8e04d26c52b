// application_summary.h — how an application's answers read where someone else may see them: the review
// screen (the next person in the queue), the A4 application form (it leaves the kiosk). Personal values
// are masked here once, so the screen and the paper cannot disagree or leak more than the other.
#pragma once

#include <string>

#include "kiosk/session.h"

namespace zhidui {

// A form value as the summary shows it: 是/否 as words, a choice by its label (a district's name), an ID
// number, phone or bank account masked, the card's name masked, the card's address cut after the district.
std::string summary_value(const FieldState& field);

// The text key saying how a material is provided (materials.e_licence, materials.signed, …).
const char* material_handling_key(MaterialHandling handling);

}  // namespace zhidui
