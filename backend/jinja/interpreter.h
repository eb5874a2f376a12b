#pragma once
// A tree-walking interpreter for the parsed template, with jinja2's scoping rules (a fresh
// scope per loop iteration, macros that see the variables of the scope that defined them)
// and hard limits, so that a hostile template fails fast instead of hanging or filling memory.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jinja/ast.h"
#include "jinja/value.h"

namespace moe::jinja {

struct Limits {
    size_t max_output_bytes = size_t{4} << 20;  // the rendered text, and any one string
    size_t max_list_items = 1'000'000;          // any one list, tuple or dict
    uint64_t max_loop_iterations = 1'000'000;   // all loops of one render together
    uint64_t max_work = 20'000'000;             // evaluation steps + bytes built / 64
    int max_call_depth = 100;                    // nested macro calls
    int max_eval_depth = 400;                    // nested expression / statement evaluation
};

struct Scope {
    explicit Scope(std::shared_ptr<Scope> p) : parent(std::move(p)) {}
    std::shared_ptr<Scope> parent;
    std::vector<std::pair<std::string, Value>> vars;

    const Value* find(const std::string& name) const;  // this scope, then its parents
    void set(const std::string& name, Value value);    // this scope only
};

class Interpreter {
public:
    Interpreter(const Program& program, Limits limits);
    ~Interpreter();

    // Renders the program. `globals` are the functions every template sees (range, namespace,
    // raise_exception, ...); `variables` (messages, bos_token, ...) shadow them.
    std::string render(std::vector<std::pair<std::string, Value>> globals,
                       std::vector<std::pair<std::string, Value>> variables);

    // ---- services for filters, tests and methods ----
    // Charges `steps` evaluation steps plus `bytes` of data built; throws past the budget.
    void charge(uint64_t steps, size_t bytes = 0);
    // Throw unless a string of `bytes` bytes, or a list or dict of `items` items, may be built.
    void check_size(size_t bytes) const;
    void check_items(size_t items) const;
    Namespace* new_namespace();
    Value call(const Value& callee, CallArgs& args);
    const Limits& limits() const { return limits_; }

private:
    enum class Flow { Normal, Break, Continue };

    const Program& program_;
    Limits limits_;
    Budget budget_;
    uint64_t iterations_ = 0;
    int eval_depth_ = 0;
    int call_depth_ = 0;
    std::shared_ptr<Scope> root_;
    std::vector<std::unique_ptr<Namespace>> namespaces_;
    std::vector<const std::string*> captured_;  // bodies of the {% set | f %} / {% filter %} being filtered

    Flow exec_body(const Body& body, const std::shared_ptr<Scope>& scope, std::string& out);
    Flow exec(const Stmt& stmt, const std::shared_ptr<Scope>& scope, std::string& out);
    Flow exec_for(const ForStmt& stmt, const std::shared_ptr<Scope>& scope, std::string& out);
    void exec_call_block(const CallBlockStmt& stmt, const std::shared_ptr<Scope>& scope, std::string& out);
    // Renders `body` into `text`; a break or continue ends it early and is returned.
    Flow capture(const Body& body, const FrameLocals& locals, const std::shared_ptr<Scope>& scope, std::string& text);
    std::shared_ptr<Scope> new_frame(const std::shared_ptr<Scope>& parent, const FrameLocals& locals) const;
    Value apply_captured(const Expr& filter, const std::string& captured, const std::shared_ptr<Scope>& scope);
    void assign(const AssignTarget& target, const Value& value, Scope& scope);
    void write(std::string& out, std::string_view text) const;
    void count_iteration();

    Value eval(const Expr& expr, const std::shared_ptr<Scope>& scope);
    Value eval_name(const NameExpr& e, const std::shared_ptr<Scope>& scope);
    Value eval_list(const ListExpr& e, const std::shared_ptr<Scope>& scope);
    Value eval_dict(const DictExpr& e, const std::shared_ptr<Scope>& scope);
    Value eval_unary(const UnaryExpr& e, const std::shared_ptr<Scope>& scope);
    Value eval_binary(const BinaryExpr& e, const std::shared_ptr<Scope>& scope);
    Value eval_concat(const ConcatExpr& e, const std::shared_ptr<Scope>& scope);
    Value eval_compare(const CompareExpr& e, const std::shared_ptr<Scope>& scope);
    Value eval_getitem(const GetItemExpr& e, const std::shared_ptr<Scope>& scope);
    Value eval_call(const CallExpr& e, const std::shared_ptr<Scope>& scope, const Value* caller = nullptr);
    Value eval_filter(const FilterExpr& e, const std::shared_ptr<Scope>& scope);
    Value eval_test(const TestExpr& e, const std::shared_ptr<Scope>& scope);
    CallArgs eval_args(const CallArgsExpr& args, const std::shared_ptr<Scope>& scope);

    Value make_macro(const MacroStmt& macro, const std::shared_ptr<Scope>& scope, bool anonymous = false);
    Value call_macro(const MacroStmt& macro, const std::weak_ptr<Scope>& defined_in, CallArgs& args);
};

} // namespace moe::jinja
