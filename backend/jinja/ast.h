#pragma once
// The syntax tree of a parsed template: expressions and statements, each with the line and
// column where it starts. The parser builds it, the interpreter walks it; it is immutable
// after parsing, so one tree serves concurrent renders.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "jinja/error.h"
#include "jinja/value.h"

namespace moe::jinja {

// ---- expressions ----

struct Expr {
    enum class Kind {
        Literal, Name, List, Dict, Unary, Binary, Concat, Compare, Cond,
        GetAttr, GetItem, Slice, Call, Filter, Test, Captured,
    };
    explicit Expr(Kind k, SourcePos p) : kind(k), pos(p) {}
    virtual ~Expr() = default;
    const Kind kind;
    const SourcePos pos;
};
using ExprPtr = std::unique_ptr<Expr>;

struct CallArgsExpr {
    std::vector<ExprPtr> positional;
    std::vector<std::pair<std::string, ExprPtr>> keyword;
    ExprPtr star;       // *args
    ExprPtr star_star;  // **kwargs
};

struct LiteralExpr : Expr {
    LiteralExpr(SourcePos p, Value v) : Expr(Kind::Literal, p), value(std::move(v)) {}
    Value value;
};

struct NameExpr : Expr {
    NameExpr(SourcePos p, std::string n) : Expr(Kind::Name, p), name(std::move(n)) {}
    std::string name;
};

struct ListExpr : Expr {  // [a, b] or (a, b)
    ListExpr(SourcePos p, bool tuple) : Expr(Kind::List, p), is_tuple(tuple) {}
    std::vector<ExprPtr> items;
    bool is_tuple;
};

struct DictExpr : Expr {
    explicit DictExpr(SourcePos p) : Expr(Kind::Dict, p) {}
    std::vector<std::pair<ExprPtr, ExprPtr>> items;
};

struct UnaryExpr : Expr {
    enum class Op { Neg, Pos, Not };
    UnaryExpr(SourcePos p, Op o, ExprPtr e) : Expr(Kind::Unary, p), op(o), operand(std::move(e)) {}
    Op op;
    ExprPtr operand;
};

struct BinaryExpr : Expr {
    enum class Op { Add, Sub, Mul, Div, FloorDiv, Mod, Pow, And, Or };
    BinaryExpr(SourcePos p, Op o, ExprPtr l, ExprPtr r)
        : Expr(Kind::Binary, p), op(o), left(std::move(l)), right(std::move(r)) {}
    Op op;
    ExprPtr left, right;
};

struct ConcatExpr : Expr {  // a ~ b ~ c
    explicit ConcatExpr(SourcePos p) : Expr(Kind::Concat, p) {}
    std::vector<ExprPtr> parts;
};

struct CompareExpr : Expr {  // a < b <= c, chained as in Python
    enum class Op { Eq, Ne, Lt, Le, Gt, Ge, In, NotIn };
    explicit CompareExpr(SourcePos p) : Expr(Kind::Compare, p) {}
    ExprPtr first;
    std::vector<std::pair<Op, ExprPtr>> rest;
};

struct CondExpr : Expr {  // then if test else otherwise
    explicit CondExpr(SourcePos p) : Expr(Kind::Cond, p) {}
    ExprPtr test, then, otherwise;  // otherwise may be null: undefined
};

struct GetAttrExpr : Expr {  // object.attr
    GetAttrExpr(SourcePos p, ExprPtr o, std::string a) : Expr(Kind::GetAttr, p), object(std::move(o)), attr(std::move(a)) {}
    ExprPtr object;
    std::string attr;
};

struct GetItemExpr : Expr {  // object[index]
    GetItemExpr(SourcePos p, ExprPtr o, ExprPtr i) : Expr(Kind::GetItem, p), object(std::move(o)), index(std::move(i)) {}
    ExprPtr object, index;
};

struct SliceExpr : Expr {  // start:stop:step inside [], each optional
    explicit SliceExpr(SourcePos p) : Expr(Kind::Slice, p) {}
    ExprPtr start, stop, step;
};

struct CallExpr : Expr {
    CallExpr(SourcePos p, ExprPtr c) : Expr(Kind::Call, p), callee(std::move(c)) {}
    ExprPtr callee;
    CallArgsExpr args;
};

struct FilterExpr : Expr {  // operand | name(args)
    FilterExpr(SourcePos p, ExprPtr o, std::string n) : Expr(Kind::Filter, p), operand(std::move(o)), name(std::move(n)) {}
    ExprPtr operand;
    std::string name;
    CallArgsExpr args;
};

struct TestExpr : Expr {  // operand is name(args)
    TestExpr(SourcePos p, ExprPtr o, std::string n) : Expr(Kind::Test, p), operand(std::move(o)), name(std::move(n)) {}
    ExprPtr operand;
    std::string name;
    CallArgsExpr args;
};

// The rendered body of a {% set x | filter %} or {% filter %} block, fed to its filters.
struct CapturedExpr : Expr {
    explicit CapturedExpr(SourcePos p) : Expr(Kind::Captured, p) {}
};

// ---- statements ----

struct Stmt {
    enum class Kind { Text, Output, If, For, Set, SetBlock, Macro, CallBlock, With, FilterBlock, Scope, Break, Continue };
    explicit Stmt(Kind k, SourcePos p) : kind(k), pos(p) {}
    virtual ~Stmt() = default;
    const Kind kind;
    const SourcePos pos;
};
using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

// A name, names to unpack (a, b) or a namespace attribute (ns.attr).
struct AssignTarget {
    std::vector<std::string> names;
    bool unpack = false;
    std::string attr;  // set: names[0] is the namespace
};

struct TextStmt : Stmt {
    TextStmt(SourcePos p, std::string t) : Stmt(Kind::Text, p), text(std::move(t)) {}
    std::string text;
};

struct OutputStmt : Stmt {
    OutputStmt(SourcePos p, ExprPtr e) : Stmt(Kind::Output, p), expr(std::move(e)) {}
    ExprPtr expr;
};

struct IfStmt : Stmt {
    explicit IfStmt(SourcePos p) : Stmt(Kind::If, p) {}
    std::vector<std::pair<ExprPtr, Body>> branches;  // if, elif, ...
    Body otherwise;
};

// Names a frame (the template, a loop body, a macro, a block) assigns before it reads them
// start out undefined in that frame, hiding outer values: jinja2 decides this when it
// compiles, and jinja/scopes.cpp works it out the same way.
using FrameLocals = std::vector<std::string>;

struct ForStmt : Stmt {
    explicit ForStmt(SourcePos p) : Stmt(Kind::For, p) {}
    AssignTarget target;
    ExprPtr iter;
    ExprPtr filter;  // for x in xs if filter
    Body body;
    Body otherwise;  // runs when no item passed the filter
    FrameLocals body_locals, otherwise_locals;
};

struct SetStmt : Stmt {
    explicit SetStmt(SourcePos p) : Stmt(Kind::Set, p) {}
    AssignTarget target;
    ExprPtr value;
};

struct SetBlockStmt : Stmt {
    explicit SetBlockStmt(SourcePos p) : Stmt(Kind::SetBlock, p) {}
    AssignTarget target;
    ExprPtr filter;  // applied to the captured body; null for none
    Body body;
    FrameLocals locals;
};

struct MacroStmt : Stmt {  // also the anonymous macro of a call block's body
    explicit MacroStmt(SourcePos p) : Stmt(Kind::Macro, p) {}
    std::string name;
    std::vector<std::string> params;
    std::vector<ExprPtr> defaults;  // one per param, null where there is none
    Body body;
    FrameLocals locals;
    bool catches_varargs = false;  // the body reads `varargs`
    bool catches_kwargs = false;   // the body reads `kwargs`
    bool catches_caller = false;   // the body reads `caller` (else a caller is an unexpected argument)
};

struct CallBlockStmt : Stmt {  // {% call(args) macro(...) %}body{% endcall %}
    explicit CallBlockStmt(SourcePos p) : Stmt(Kind::CallBlock, p) {}
    std::unique_ptr<MacroStmt> caller;
    ExprPtr call;
};

struct WithStmt : Stmt {
    explicit WithStmt(SourcePos p) : Stmt(Kind::With, p) {}
    std::vector<std::pair<AssignTarget, ExprPtr>> assignments;
    Body body;
    FrameLocals locals;
};

struct FilterBlockStmt : Stmt {
    explicit FilterBlockStmt(SourcePos p) : Stmt(Kind::FilterBlock, p) {}
    ExprPtr filter;
    Body body;
    FrameLocals locals;
};

struct ScopeStmt : Stmt {  // a group of statements: {% generation %} (a frame) or {% print a, b %}
    ScopeStmt(SourcePos p, bool frame) : Stmt(Kind::Scope, p), new_frame(frame) {}
    Body body;
    bool new_frame;  // renders in a child scope of its own
    FrameLocals locals;
};

struct LoopControlStmt : Stmt {  // {% break %} / {% continue %}
    LoopControlStmt(SourcePos p, bool brk) : Stmt(brk ? Kind::Break : Kind::Continue, p) {}
};

struct Program {
    Body body;
    FrameLocals locals;
};

} // namespace moe::jinja
