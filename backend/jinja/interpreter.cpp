#include "jinja/interpreter.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "jinja/filters.h"
#include "jinja/methods.h"
#include "jinja/pystr.h"

namespace moe::jinja {

const Value* Scope::find(const std::string& name) const {
    for (const Scope* s = this; s; s = s->parent.get()) {
        for (const auto& [k, v] : s->vars) {
            if (k == name) return &v;
        }
    }
    return nullptr;
}

void Scope::set(const std::string& name, Value value) {
    for (auto& [k, v] : vars) {
        if (k == name) {
            v = std::move(value);
            return;
        }
    }
    vars.emplace_back(name, std::move(value));
}

namespace {

// Counts one level of evaluation depth for as long as it lives.
class DepthGuard {
public:
    DepthGuard(int& depth, int limit) : depth_(depth) {
        if (++depth_ > limit) {
            --depth_;
            throw Error("template recursion too deep (more than " + std::to_string(limit) + " levels)");
        }
    }
    ~DepthGuard() { --depth_; }

private:
    int& depth_;
};

[[noreturn]] void overflow() { throw Error("integer overflow"); }

[[noreturn]] void unsupported(const char* op, const Value& a, const Value& b) {
    throw Error(std::string("unsupported operand type(s) for ") + op + ": '" + type_name(a) + "' and '" +
                type_name(b) + "'");
}

int64_t floor_div(int64_t a, int64_t b) {
    if (b == 0) throw Error("integer division or modulo by zero");
    if (a == std::numeric_limits<int64_t>::min() && b == -1) overflow();
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

int64_t floor_mod(int64_t a, int64_t b) {
    if (b == 0) throw Error("integer division or modulo by zero");
    if (b == -1) return 0;
    int64_t m = a % b;
    if (m != 0 && ((m < 0) != (b < 0))) m += b;
    return m;
}

// Python's float divmod: the quotient floored, the remainder with the divisor's sign.
std::pair<double, double> float_divmod(double a, double b) {
    if (b == 0.0) throw Error("float division by zero");
    double mod = std::fmod(a, b);
    double div = (a - mod) / b;
    if (mod != 0.0) {
        if ((b < 0) != (mod < 0)) {
            mod += b;
            div -= 1.0;
        }
    } else {
        mod = std::copysign(0.0, b);
    }
    double floordiv;
    if (div != 0.0) {
        floordiv = std::floor(div);
        if (div - floordiv > 0.5) floordiv += 1.0;
    } else {
        floordiv = std::copysign(0.0, a / b);
    }
    return {floordiv, mod};
}

Value int_pow(int64_t base, int64_t exp) {
    if (exp < 0) {
        if (base == 0) throw Error("0.0 cannot be raised to a negative power");
        return Value::number(std::pow(static_cast<double>(base), static_cast<double>(exp)));
    }
    int64_t result = 1;
    while (exp > 0) {
        if (exp & 1) {
            if (__builtin_mul_overflow(result, base, &result)) overflow();
        }
        exp >>= 1;
        if (exp > 0 && __builtin_mul_overflow(base, base, &base)) overflow();
    }
    return Value::integer(result);
}

} // namespace

Interpreter::Interpreter(const Program& program, Limits limits)
    : program_(program), limits_(limits), budget_(limits.max_work) {}

Interpreter::~Interpreter() {
    // Scopes may hold values that refer to namespaces; drop them before the namespaces go.
    root_.reset();
}

std::string Interpreter::render(std::vector<std::pair<std::string, Value>> globals,
                                std::vector<std::pair<std::string, Value>> variables) {
    auto global_scope = std::make_shared<Scope>(nullptr);
    global_scope->vars = std::move(globals);
    root_ = std::make_shared<Scope>(global_scope);
    for (auto& [name, value] : variables) root_->set(name, std::move(value));
    for (const auto& name : program_.locals) root_->set(name, Value::undefined("'" + name + "' is undefined"));
    const Budget::Scope counting(budget_);  // comparisons and printing count too
    std::string out;
    exec_body(program_.body, root_, out);
    return out;
}

void Interpreter::charge(uint64_t steps, size_t bytes) {
    budget_.spend(steps + bytes / 64);
}

void Interpreter::check_size(size_t bytes) const {
    if (bytes > limits_.max_output_bytes) {
        throw Error("template exceeded the size limit (" + std::to_string(limits_.max_output_bytes) +
                    " bytes for one string)");
    }
}

void Interpreter::check_items(size_t items) const {
    if (items > limits_.max_list_items) {
        throw Error("template exceeded the size limit (" + std::to_string(limits_.max_list_items) +
                    " items for one list)");
    }
}

void Interpreter::count_iteration() {
    if (++iterations_ > limits_.max_loop_iterations) {
        throw Error("template exceeded the loop iteration limit (" + std::to_string(limits_.max_loop_iterations) + ")");
    }
    charge(1);
}

Namespace* Interpreter::new_namespace() {
    charge(1, sizeof(Namespace));
    namespaces_.push_back(std::make_unique<Namespace>());
    return namespaces_.back().get();
}

void Interpreter::write(std::string& out, std::string_view text) const {
    if (out.size() + text.size() > limits_.max_output_bytes) {
        throw Error("template exceeded the output limit (" + std::to_string(limits_.max_output_bytes) + " bytes)");
    }
    out.append(text);
}

// ---- statements ----

std::shared_ptr<Scope> Interpreter::new_frame(const std::shared_ptr<Scope>& parent, const FrameLocals& locals) const {
    auto scope = std::make_shared<Scope>(parent);
    for (const auto& name : locals) scope->set(name, Value::undefined("'" + name + "' is undefined"));
    return scope;
}

Interpreter::Flow Interpreter::exec_body(const Body& body, const std::shared_ptr<Scope>& scope, std::string& out) {
    for (const auto& stmt : body) {
        const Flow flow = exec(*stmt, scope, out);
        if (flow != Flow::Normal) return flow;
    }
    return Flow::Normal;
}

Interpreter::Flow Interpreter::exec(const Stmt& stmt, const std::shared_ptr<Scope>& scope, std::string& out) {
    DepthGuard depth(eval_depth_, limits_.max_eval_depth);
    charge(1);
    try {
        switch (stmt.kind) {
        case Stmt::Kind::Text: {
            const auto& s = static_cast<const TextStmt&>(stmt);
            charge(0, s.text.size());
            write(out, s.text);
            return Flow::Normal;
        }
        case Stmt::Kind::Output: {
            const Value v = eval(*static_cast<const OutputStmt&>(stmt).expr, scope);
            if (v.is_string()) {
                charge(0, v.str().size());
                write(out, v.str());
            } else {
                const std::string text = to_str(v);
                charge(0, text.size());
                write(out, text);
            }
            return Flow::Normal;
        }
        case Stmt::Kind::If: {
            const auto& s = static_cast<const IfStmt&>(stmt);
            for (const auto& [test, body] : s.branches) {
                if (truthy(eval(*test, scope))) return exec_body(body, scope, out);
            }
            return exec_body(s.otherwise, scope, out);
        }
        case Stmt::Kind::For: return exec_for(static_cast<const ForStmt&>(stmt), scope, out);
        case Stmt::Kind::Set: {
            const auto& s = static_cast<const SetStmt&>(stmt);
            assign(s.target, eval(*s.value, scope), *scope);
            return Flow::Normal;
        }
        case Stmt::Kind::SetBlock: {
            const auto& s = static_cast<const SetBlockStmt&>(stmt);
            std::string text;
            // jinja2 compiles the body inline: a break or continue in it leaves the loop
            // around it before anything is assigned.
            if (const Flow flow = capture(s.body, s.locals, scope, text); flow != Flow::Normal) return flow;
            Value value = s.filter ? apply_captured(*s.filter, text, scope) : Value::string(std::move(text));
            assign(s.target, value, *scope);
            return Flow::Normal;
        }
        case Stmt::Kind::Macro: {
            const auto& s = static_cast<const MacroStmt&>(stmt);
            scope->set(s.name, make_macro(s, scope));
            return Flow::Normal;
        }
        case Stmt::Kind::CallBlock:
            exec_call_block(static_cast<const CallBlockStmt&>(stmt), scope, out);
            return Flow::Normal;
        case Stmt::Kind::With: {
            const auto& s = static_cast<const WithStmt&>(stmt);
            auto inner = new_frame(scope, s.locals);
            std::vector<Value> values;
            for (const auto& [target, expr] : s.assignments) values.push_back(eval(*expr, scope));
            for (size_t i = 0; i < values.size(); ++i) assign(s.assignments[i].first, values[i], *inner);
            return exec_body(s.body, inner, out);
        }
        case Stmt::Kind::FilterBlock: {
            const auto& s = static_cast<const FilterBlockStmt&>(stmt);
            std::string text;
            if (const Flow flow = capture(s.body, s.locals, scope, text); flow != Flow::Normal) return flow;
            const Value v = apply_captured(*s.filter, text, scope);
            const std::string rendered = to_str(v);
            charge(0, rendered.size());
            write(out, rendered);
            return Flow::Normal;
        }
        case Stmt::Kind::Scope: {
            const auto& s = static_cast<const ScopeStmt&>(stmt);
            return exec_body(s.body, s.new_frame ? new_frame(scope, s.locals) : scope, out);
        }
        case Stmt::Kind::Break: return Flow::Break;
        case Stmt::Kind::Continue: return Flow::Continue;
        }
    } catch (Error& e) {
        e.locate(stmt.pos);
        throw;
    }
    return Flow::Normal;
}

Interpreter::Flow Interpreter::exec_for(const ForStmt& stmt, const std::shared_ptr<Scope>& scope, std::string& out) {
    std::shared_ptr<const List> items = iterate(*this, eval(*stmt.iter, scope));
    if (stmt.filter) {
        std::vector<Value> kept;
        for (const auto& item : items->items) {
            count_iteration();
            auto probe = std::make_shared<Scope>(scope);
            assign(stmt.target, item, *probe);
            if (truthy(eval(*stmt.filter, probe))) kept.push_back(item);
        }
        items = std::make_shared<const List>(List{std::move(kept), false, items->depth});
    }
    // jinja2 clears its "run the else block" flag at the end of the loop body, so the else
    // block runs unless some iteration's body ran to its end: an iteration left by continue
    // or break does not count ({% for x in [1] %}{% break %}{% else %}E{% endfor %} is "E").
    bool run_else = true;
    auto state = std::make_shared<LoopState>();
    state->items = items;
    const Value loop = Value::loop(state);
    for (size_t i = 0; i < items->items.size(); ++i) {
        count_iteration();
        state->index0 = static_cast<int64_t>(i);
        auto iteration = new_frame(scope, stmt.body_locals);
        assign(stmt.target, items->items[i], *iteration);
        iteration->set("loop", loop);
        const Flow flow = exec_body(stmt.body, iteration, out);
        if (flow == Flow::Break) break;
        if (flow == Flow::Normal) run_else = false;
    }
    // The else block is outside the loop: a break or continue there belongs to an outer loop.
    if (run_else) return exec_body(stmt.otherwise, new_frame(scope, stmt.otherwise_locals), out);
    return Flow::Normal;
}

void Interpreter::exec_call_block(const CallBlockStmt& stmt, const std::shared_ptr<Scope>& scope, std::string& out) {
    const Value caller = make_macro(*stmt.caller, scope, true);
    const Value result = eval_call(static_cast<const CallExpr&>(*stmt.call), scope, &caller);
    const std::string text = to_str(result);
    charge(0, text.size());
    write(out, text);
}

Interpreter::Flow Interpreter::capture(const Body& body, const FrameLocals& locals, const std::shared_ptr<Scope>& scope,
                                      std::string& text) {
    return exec_body(body, new_frame(scope, locals), text);
}

Value Interpreter::apply_captured(const Expr& filter, const std::string& captured, const std::shared_ptr<Scope>& scope) {
    captured_.push_back(&captured);
    try {
        Value v = eval(filter, scope);
        captured_.pop_back();
        return v;
    } catch (...) {
        captured_.pop_back();
        throw;
    }
}

void Interpreter::assign(const AssignTarget& target, const Value& value, Scope& scope) {
    if (!target.attr.empty()) {
        const Value* ns = scope.find(target.names[0]);
        if (!ns || !ns->is_namespace()) throw Error("cannot assign attribute on non-namespace object");
        charge(1 + ns->ns()->attrs.size() / 8);
        ns->ns()->set(target.attr, value);
        return;
    }
    if (!target.unpack) {
        scope.set(target.names[0], value);
        return;
    }
    const auto items = iterate(*this, value);
    const size_t want = target.names.size();
    if (items->items.size() < want) {
        throw Error("not enough values to unpack (expected " + std::to_string(want) + ", got " +
                    std::to_string(items->items.size()) + ")");
    }
    if (items->items.size() > want) throw Error("too many values to unpack (expected " + std::to_string(want) + ")");
    for (size_t i = 0; i < want; ++i) scope.set(target.names[i], items->items[i]);
}

// ---- macros ----

Value Interpreter::make_macro(const MacroStmt& macro, const std::shared_ptr<Scope>& scope, bool anonymous) {
    std::weak_ptr<Scope> defined_in = scope;
    return Value::function(
        macro.name, [this, &macro, defined_in](CallArgs& args) { return call_macro(macro, defined_in, args); },
        anonymous ? "<Macro anonymous>" : "<Macro " + repr(Value::string(macro.name)) + ">");
}

Value Interpreter::call_macro(const MacroStmt& macro, const std::weak_ptr<Scope>& defined_in, CallArgs& args) {
    DepthGuard calls(call_depth_, limits_.max_call_depth);
    std::shared_ptr<Scope> parent = defined_in.lock();
    auto scope = new_frame(parent ? parent : root_, macro.locals);
    const size_t n = macro.params.size();
    if (args.positional.size() > n && !macro.catches_varargs) {
        throw Error("macro '" + macro.name + "' takes not more than " + std::to_string(n) + " argument(s)");
    }
    std::vector<bool> bound(n, false);
    for (size_t i = 0; i < n && i < args.positional.size(); ++i) {
        scope->set(macro.params[i], args.positional[i]);
        bound[i] = true;
    }
    Dict extra_kwargs;
    for (auto& [key, value] : args.keyword) {
        const auto it = std::find(macro.params.begin(), macro.params.end(), key);
        if (it != macro.params.end()) {
            const size_t i = static_cast<size_t>(it - macro.params.begin());
            if (bound[i]) throw Error("macro '" + macro.name + "' got multiple values for argument '" + key + "'");
            scope->set(key, value);
            bound[i] = true;
        } else if (key == "caller" && macro.catches_caller) {
            scope->set("caller", value);
        } else if (macro.catches_kwargs) {
            extra_kwargs.set(Value::string(key), value);
        } else if (key == "caller") {
            // jinja2 passes a caller only to a macro whose body reads `caller`.
            throw Error("macro '" + macro.name + "' was invoked with two values for the special caller argument");
        } else {
            throw Error("macro '" + macro.name + "' takes no keyword argument '" + key + "'");
        }
    }
    for (size_t i = 0; i < n; ++i) {
        if (bound[i]) continue;
        if (macro.defaults[i]) scope->set(macro.params[i], eval(*macro.defaults[i], scope));
        else scope->set(macro.params[i], Value::undefined("parameter '" + macro.params[i] + "' was not provided"));
    }
    if (macro.catches_varargs) {
        std::vector<Value> rest;
        for (size_t i = n; i < args.positional.size(); ++i) rest.push_back(args.positional[i]);
        scope->set("varargs", Value::list(std::move(rest), true));
    }
    if (macro.catches_kwargs) scope->set("kwargs", Value::dict(std::move(extra_kwargs)));
    std::string out;
    exec_body(macro.body, scope, out);
    return Value::string(std::move(out));
}

Value Interpreter::call(const Value& callee, CallArgs& args) {
    if (callee.is_function()) return callee.function().call(args);
    if (callee.is_undefined()) fail_undefined(callee);
    throw Error(std::string("'") + type_name(callee) + "' object is not callable");
}

// ---- expressions ----

Value Interpreter::eval(const Expr& expr, const std::shared_ptr<Scope>& scope) {
    DepthGuard depth(eval_depth_, limits_.max_eval_depth);
    charge(1);
    try {
        switch (expr.kind) {
        case Expr::Kind::Literal: return static_cast<const LiteralExpr&>(expr).value;
        case Expr::Kind::Name: return eval_name(static_cast<const NameExpr&>(expr), scope);
        case Expr::Kind::List: return eval_list(static_cast<const ListExpr&>(expr), scope);
        case Expr::Kind::Dict: return eval_dict(static_cast<const DictExpr&>(expr), scope);
        case Expr::Kind::Unary: return eval_unary(static_cast<const UnaryExpr&>(expr), scope);
        case Expr::Kind::Binary: return eval_binary(static_cast<const BinaryExpr&>(expr), scope);
        case Expr::Kind::Concat: return eval_concat(static_cast<const ConcatExpr&>(expr), scope);
        case Expr::Kind::Compare: return eval_compare(static_cast<const CompareExpr&>(expr), scope);
        case Expr::Kind::Cond: {
            const auto& e = static_cast<const CondExpr&>(expr);
            if (truthy(eval(*e.test, scope))) return eval(*e.then, scope);
            if (e.otherwise) return eval(*e.otherwise, scope);
            return Value::undefined("the inline if-expression on line " + std::to_string(e.pos.line) +
                                    " evaluated to false and no else section was defined.");
        }
        case Expr::Kind::GetAttr: {
            const auto& e = static_cast<const GetAttrExpr&>(expr);
            return get_attribute(*this, eval(*e.object, scope), e.attr);
        }
        case Expr::Kind::GetItem: return eval_getitem(static_cast<const GetItemExpr&>(expr), scope);
        case Expr::Kind::Slice: throw Error("a slice is only valid inside []");
        case Expr::Kind::Call: return eval_call(static_cast<const CallExpr&>(expr), scope);
        case Expr::Kind::Filter: return eval_filter(static_cast<const FilterExpr&>(expr), scope);
        case Expr::Kind::Test: return eval_test(static_cast<const TestExpr&>(expr), scope);
        case Expr::Kind::Captured: return Value::string(captured_.empty() ? std::string() : *captured_.back());
        }
    } catch (Error& e) {
        e.locate(expr.pos);
        throw;
    }
    return Value();
}

Value Interpreter::eval_name(const NameExpr& e, const std::shared_ptr<Scope>& scope) {
    size_t visited = 0;  // a huge template could make scopes long: the walk is charged
    for (const Scope* s = scope.get(); s; s = s->parent.get()) {
        for (const auto& [name, value] : s->vars) {
            ++visited;
            if (name == e.name) {
                charge(visited / 16);
                return value;
            }
        }
    }
    charge(visited / 16);
    return Value::undefined("'" + e.name + "' is undefined");
}

Value Interpreter::eval_list(const ListExpr& e, const std::shared_ptr<Scope>& scope) {
    std::vector<Value> items;
    items.reserve(e.items.size());
    for (const auto& item : e.items) items.push_back(eval(*item, scope));
    charge(0, items.size() * sizeof(Value));
    return Value::list(std::move(items), e.is_tuple);
}

Value Interpreter::eval_dict(const DictExpr& e, const std::shared_ptr<Scope>& scope) {
    Dict d;
    for (const auto& [k, v] : e.items) {
        Value key = eval(*k, scope);
        d.set(std::move(key), eval(*v, scope));
    }
    charge(0, d.entries.size() * 2 * sizeof(Value));
    return Value::dict(std::move(d));
}

Value Interpreter::eval_unary(const UnaryExpr& e, const std::shared_ptr<Scope>& scope) {
    const Value v = eval(*e.operand, scope);
    if (e.op == UnaryExpr::Op::Not) return Value::boolean(!truthy(v));
    if (v.is_undefined()) fail_undefined(v);
    const char* sign = e.op == UnaryExpr::Op::Neg ? "-" : "+";
    if (!v.is_number()) throw Error(std::string("bad operand type for unary ") + sign + ": '" + type_name(v) + "'");
    if (e.op == UnaryExpr::Op::Pos) return v.is_float() ? v : Value::integer(v.int_value());
    if (v.is_float()) return Value::number(-v.as_float());
    if (v.int_value() == std::numeric_limits<int64_t>::min()) overflow();
    return Value::integer(-v.int_value());
}

Value Interpreter::eval_binary(const BinaryExpr& e, const std::shared_ptr<Scope>& scope) {
    using Op = BinaryExpr::Op;
    Value a = eval(*e.left, scope);
    if (e.op == Op::And) return truthy(a) ? eval(*e.right, scope) : a;
    if (e.op == Op::Or) return truthy(a) ? a : eval(*e.right, scope);
    const Value b = eval(*e.right, scope);
    if (e.op == Op::Mod && a.is_string()) {  // str % anything formats (an undefined acts as an empty mapping)
        std::string s = percent_format(a.str(), b);
        check_size(s.size());
        charge(0, s.size());
        return Value::string(std::move(s));
    }
    if (a.is_undefined()) fail_undefined(a);
    if (b.is_undefined()) fail_undefined(b);
    const bool ints = (a.is_int() || a.is_bool()) && (b.is_int() || b.is_bool());
    const bool nums = a.is_number() && b.is_number();
    int64_t r = 0;
    switch (e.op) {
    case Op::Add:
        if (ints) {
            if (__builtin_add_overflow(a.int_value(), b.int_value(), &r)) overflow();
            return Value::integer(r);
        }
        if (nums) return Value::number(a.float_value() + b.float_value());
        if (a.is_string() && b.is_string()) {
            check_size(a.str().size() + b.str().size());
            charge(0, a.str().size() + b.str().size());
            return Value::string(a.str() + b.str());
        }
        if (a.is_plain_list() && b.is_plain_list() && a.is_tuple() == b.is_tuple()) {
            std::vector<Value> items = a.list().items;
            check_items(a.list().items.size() + b.list().items.size());
            items.insert(items.end(), b.list().items.begin(), b.list().items.end());
            charge(0, items.size() * sizeof(Value));
            return Value::list(std::move(items), a.is_tuple());
        }
        if (a.is_string()) throw Error(std::string("can only concatenate str (not \"") + type_name(b) + "\") to str");
        if (a.is_plain_list() && !a.is_tuple()) {
            throw Error(std::string("can only concatenate list (not \"") + type_name(b) + "\") to list");
        }
        unsupported("+", a, b);
    case Op::Sub:
        if (ints) {
            if (__builtin_sub_overflow(a.int_value(), b.int_value(), &r)) overflow();
            return Value::integer(r);
        }
        if (nums) return Value::number(a.float_value() - b.float_value());
        unsupported("-", a, b);
    case Op::Mul: {
        if (ints) {
            if (__builtin_mul_overflow(a.int_value(), b.int_value(), &r)) overflow();
            return Value::integer(r);
        }
        if (nums) return Value::number(a.float_value() * b.float_value());
        auto sequence = [](const Value& x) { return x.is_string() || x.is_plain_list(); };
        const Value* seq = sequence(a) ? &a : (sequence(b) ? &b : nullptr);
        const Value* count = seq == &a ? &b : &a;
        if (seq && (count->is_int() || count->is_bool())) {
            const int64_t times = std::max<int64_t>(0, count->int_value());
            const size_t unit = seq->is_string() ? seq->str().size() : seq->list().items.size();
            const size_t cap = seq->is_string() ? limits_.max_output_bytes : limits_.max_list_items;
            const size_t total = (unit != 0 && static_cast<uint64_t>(times) > cap / unit) ? cap + 1 : unit * static_cast<size_t>(times);
            if (seq->is_string()) check_size(total);
            else check_items(total);
            charge(0, seq->is_string() ? total : total * sizeof(Value));
            if (seq->is_string()) {
                std::string s;
                s.reserve(total);
                for (int64_t i = 0; i < times; ++i) s += seq->str();
                return Value::string(std::move(s));
            }
            std::vector<Value> items;
            items.reserve(total);
            for (int64_t i = 0; i < times; ++i) items.insert(items.end(), seq->list().items.begin(), seq->list().items.end());
            return Value::list(std::move(items), seq->is_tuple());
        }
        if (seq) throw Error(std::string("can't multiply sequence by non-int of type '") + type_name(*count) + "'");
        unsupported("*", a, b);
    }
    case Op::Div:
        if (nums) {
            if (b.float_value() == 0.0) throw Error("division by zero");
            return Value::number(a.float_value() / b.float_value());
        }
        unsupported("/", a, b);
    case Op::FloorDiv:
        if (ints) return Value::integer(floor_div(a.int_value(), b.int_value()));
        if (nums) return Value::number(float_divmod(a.float_value(), b.float_value()).first);
        unsupported("//", a, b);
    case Op::Mod:
        if (ints) return Value::integer(floor_mod(a.int_value(), b.int_value()));
        if (nums) return Value::number(float_divmod(a.float_value(), b.float_value()).second);
        unsupported("%", a, b);
    case Op::Pow:
        if (ints) return int_pow(a.int_value(), b.int_value());
        if (nums) {
            const double x = a.float_value(), y = b.float_value();
            if (x == 0.0 && y < 0) throw Error("0.0 cannot be raised to a negative power");
            if (x < 0 && std::floor(y) != y) throw Error("negative number cannot be raised to a fractional power");
            const double r = std::pow(x, y);
            // Python's float ** raises where the result overflows (x * y gives inf instead).
            if (std::isinf(r) && std::isfinite(x) && std::isfinite(y)) throw Error("(34, 'Numerical result out of range')");
            return Value::number(r);
        }
        unsupported("** or pow()", a, b);
    case Op::And:
    case Op::Or: break;
    }
    return Value();
}

Value Interpreter::eval_concat(const ConcatExpr& e, const std::shared_ptr<Scope>& scope) {
    std::string s;
    for (const auto& part : e.parts) {
        const Value v = eval(*part, scope);
        const std::string piece = to_str(v);
        check_size(s.size() + piece.size());
        s += piece;
    }
    charge(0, s.size());
    return Value::string(std::move(s));
}

Value Interpreter::eval_compare(const CompareExpr& e, const std::shared_ptr<Scope>& scope) {
    using Op = CompareExpr::Op;
    Value left = eval(*e.first, scope);
    for (const auto& [op, expr] : e.rest) {
        Value right = eval(*expr, scope);
        charge(0, walk_cost(left) + walk_cost(right));
        bool ok = false;
        switch (op) {
        case Op::Eq: ok = equals(left, right); break;
        case Op::Ne: ok = !equals(left, right); break;
        case Op::Lt: ok = compare(left, right, "<") == -1; break;
        case Op::Le: { const int c = compare(left, right, "<="); ok = c == -1 || c == 0; break; }
        case Op::Gt: ok = compare(left, right, ">") == 1; break;
        case Op::Ge: { const int c = compare(left, right, ">="); ok = c == 1 || c == 0; break; }
        case Op::In: ok = contains(right, left); break;
        case Op::NotIn: ok = !contains(right, left); break;
        }
        if (!ok) return Value::boolean(false);
        left = std::move(right);
    }
    return Value::boolean(true);
}

Value Interpreter::eval_getitem(const GetItemExpr& e, const std::shared_ptr<Scope>& scope) {
    const Value obj = eval(*e.object, scope);
    if (e.index->kind == Expr::Kind::Slice) {
        const auto& s = static_cast<const SliceExpr&>(*e.index);
        const Value start = s.start ? eval(*s.start, scope) : Value::none();
        const Value stop = s.stop ? eval(*s.stop, scope) : Value::none();
        const Value step = s.step ? eval(*s.step, scope) : Value::none();
        return get_slice(*this, obj, start, stop, step);
    }
    return get_item(*this, obj, eval(*e.index, scope));
}

CallArgs Interpreter::eval_args(const CallArgsExpr& args, const std::shared_ptr<Scope>& scope) {
    CallArgs out;
    for (const auto& a : args.positional) out.positional.push_back(eval(*a, scope));
    if (args.star) {
        const auto extra = iterate(*this, eval(*args.star, scope));
        out.positional.insert(out.positional.end(), extra->items.begin(), extra->items.end());
    }
    for (const auto& [key, expr] : args.keyword) out.keyword.emplace_back(key, eval(*expr, scope));
    if (args.star_star) {
        const Value extra = eval(*args.star_star, scope);
        if (!extra.is_dict()) throw Error("argument after ** must be a mapping");
        for (const auto& [k, v] : extra.dict().entries) {
            if (!k.is_string()) throw Error("keywords must be strings");
            out.keyword.emplace_back(k.str(), v);
        }
    }
    return out;
}

Value Interpreter::eval_call(const CallExpr& e, const std::shared_ptr<Scope>& scope, const Value* caller) {
    const Value callee = eval(*e.callee, scope);
    CallArgs args = eval_args(e.args, scope);
    if (caller) args.keyword.emplace_back("caller", *caller);
    return call(callee, args);
}

Value Interpreter::eval_filter(const FilterExpr& e, const std::shared_ptr<Scope>& scope) {
    const Value input = eval(*e.operand, scope);
    CallArgs args = eval_args(e.args, scope);
    return apply_filter(*this, e.name, input, args);
}

Value Interpreter::eval_test(const TestExpr& e, const std::shared_ptr<Scope>& scope) {
    const Value input = eval(*e.operand, scope);
    CallArgs args = eval_args(e.args, scope);
    return Value::boolean(apply_test(*this, e.name, input, args));
}

} // namespace moe::jinja
