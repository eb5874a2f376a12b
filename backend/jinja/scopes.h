#pragma once
// Where a variable of a frame comes from, decided before rendering as jinja2's compiler
// decides it. A frame (the template, a loop body, a macro, a set/filter/with block) that
// assigns a name before reading it, in the order of its own statements, starts with that name
// undefined, even when an outer frame or the render's variables have it: a loop that runs
// before `{% set x = ... %}` at the top level sees no `x`. Names only read, or first
// assigned inside an `if`, keep coming from outside until assigned.
#include "jinja/ast.h"

namespace moe::jinja {

// Fills the `locals` lists of the program and of every frame in it.
void resolve_frame_locals(Program& program);

} // namespace moe::jinja
