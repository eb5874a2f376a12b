#include "jinja/scopes.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace moe::jinja {

namespace {

// How a frame first meets a name (jinja2's VAR_LOAD_*).
enum class Source { Parameter, Resolve, Alias, Undefined };

struct Symbols {
    const Symbols* parent = nullptr;
    std::map<std::string, Source> refs;
    std::set<std::string> stores;

    bool has_ref(const std::string& name) const {
        for (const Symbols* s = this; s; s = s->parent) {
            if (s->refs.count(name)) return true;
        }
        return false;
    }
    void load(const std::string& name) {
        if (!has_ref(name)) refs[name] = Source::Resolve;
    }
    void store(const std::string& name) {
        stores.insert(name);
        if (refs.count(name)) return;
        refs[name] = (parent && parent->has_ref(name)) ? Source::Alias : Source::Undefined;
    }
    void parameter(const std::string& name) {
        stores.insert(name);
        refs[name] = Source::Parameter;
    }

    // After an if: the branches' findings merge, and a name first assigned inside a branch
    // is looked up outside until it is assigned (jinja2 3.1's branch_update).
    void merge_branches(const std::vector<Symbols>& branches) {
        std::set<std::string> assigned;
        for (const auto& b : branches) {
            for (const auto& name : b.stores) {
                if (!stores.count(name)) assigned.insert(name);
            }
        }
        for (const auto& b : branches) {
            for (const auto& [name, source] : b.refs) refs[name] = source;
            stores.insert(b.stores.begin(), b.stores.end());
        }
        for (const auto& name : assigned) {
            refs[name] = (parent && parent->has_ref(name)) ? Source::Alias : Source::Resolve;
        }
    }

    FrameLocals undefined_names() const {
        FrameLocals names;
        for (const auto& [name, source] : refs) {
            if (source == Source::Undefined) names.push_back(name);
        }
        return names;
    }
};

// The statements of one frame as jinja2's FrameSymbolVisitor sees them: expressions read
// names, assignments write them, nested frames show only their outer parts.
class FrameVisitor {
public:
    explicit FrameVisitor(Symbols& symbols) : sym_(&symbols) {}

    void body(const Body& b) {
        for (const auto& s : b) stmt(*s);
    }

    void stmt(const Stmt& s) {
        switch (s.kind) {
        case Stmt::Kind::Text:
        case Stmt::Kind::Break:
        case Stmt::Kind::Continue: return;
        case Stmt::Kind::Output: expr(static_cast<const OutputStmt&>(s).expr.get()); return;
        case Stmt::Kind::If: visit_if(static_cast<const IfStmt&>(s)); return;
        case Stmt::Kind::For: expr(static_cast<const ForStmt&>(s).iter.get()); return;
        case Stmt::Kind::Set: {
            const auto& n = static_cast<const SetStmt&>(s);
            expr(n.value.get());
            target(n.target);
            return;
        }
        case Stmt::Kind::SetBlock: target(static_cast<const SetBlockStmt&>(s).target); return;
        case Stmt::Kind::Macro: sym_->store(static_cast<const MacroStmt&>(s).name); return;
        case Stmt::Kind::CallBlock: expr(static_cast<const CallBlockStmt&>(s).call.get()); return;
        case Stmt::Kind::With:
            for (const auto& a : static_cast<const WithStmt&>(s).assignments) expr(a.second.get());
            return;
        case Stmt::Kind::FilterBlock: expr(static_cast<const FilterBlockStmt&>(s).filter.get()); return;
        case Stmt::Kind::Scope: {
            const auto& n = static_cast<const ScopeStmt&>(s);
            if (!n.new_frame) body(n.body);
            return;
        }
        }
    }

    void expr(const Expr* e) {
        if (!e) return;
        switch (e->kind) {
        case Expr::Kind::Literal:
        case Expr::Kind::Captured: return;
        case Expr::Kind::Name: sym_->load(static_cast<const NameExpr*>(e)->name); return;
        case Expr::Kind::List:
            for (const auto& i : static_cast<const ListExpr*>(e)->items) expr(i.get());
            return;
        case Expr::Kind::Dict:
            for (const auto& [k, v] : static_cast<const DictExpr*>(e)->items) {
                expr(k.get());
                expr(v.get());
            }
            return;
        case Expr::Kind::Unary: expr(static_cast<const UnaryExpr*>(e)->operand.get()); return;
        case Expr::Kind::Binary:
            expr(static_cast<const BinaryExpr*>(e)->left.get());
            expr(static_cast<const BinaryExpr*>(e)->right.get());
            return;
        case Expr::Kind::Concat:
            for (const auto& p : static_cast<const ConcatExpr*>(e)->parts) expr(p.get());
            return;
        case Expr::Kind::Compare: {
            const auto* c = static_cast<const CompareExpr*>(e);
            expr(c->first.get());
            for (const auto& r : c->rest) expr(r.second.get());
            return;
        }
        case Expr::Kind::Cond: {
            const auto* c = static_cast<const CondExpr*>(e);
            expr(c->test.get());
            expr(c->then.get());
            expr(c->otherwise.get());
            return;
        }
        case Expr::Kind::GetAttr: expr(static_cast<const GetAttrExpr*>(e)->object.get()); return;
        case Expr::Kind::GetItem:
            expr(static_cast<const GetItemExpr*>(e)->object.get());
            expr(static_cast<const GetItemExpr*>(e)->index.get());
            return;
        case Expr::Kind::Slice: {
            const auto* s = static_cast<const SliceExpr*>(e);
            expr(s->start.get());
            expr(s->stop.get());
            expr(s->step.get());
            return;
        }
        case Expr::Kind::Call:
            expr(static_cast<const CallExpr*>(e)->callee.get());
            args(static_cast<const CallExpr*>(e)->args);
            return;
        case Expr::Kind::Filter:
            expr(static_cast<const FilterExpr*>(e)->operand.get());
            args(static_cast<const FilterExpr*>(e)->args);
            return;
        case Expr::Kind::Test:
            expr(static_cast<const TestExpr*>(e)->operand.get());
            args(static_cast<const TestExpr*>(e)->args);
            return;
        }
    }

private:
    Symbols* sym_;

    void args(const CallArgsExpr& a) {
        for (const auto& p : a.positional) expr(p.get());
        for (const auto& kw : a.keyword) expr(kw.second.get());
        expr(a.star.get());
        expr(a.star_star.get());
    }

    void target(const AssignTarget& t) {
        if (!t.attr.empty()) {
            sym_->load(t.names[0]);  // ns.attr = ... reads the namespace
            return;
        }
        for (const auto& name : t.names) sym_->store(name);
    }

    template <class F>
    Symbols branch(const Symbols& start, F&& visit) {
        Symbols copy = start;
        Symbols* saved = sym_;
        sym_ = &copy;
        visit();
        sym_ = saved;
        return copy;
    }

    // jinja2 keeps `elif`s as a list of if nodes without else; all of them form one branch.
    void visit_if(const IfStmt& n) {
        expr(n.branches[0].first.get());
        const Symbols start = *sym_;
        std::vector<Symbols> branches;
        branches.push_back(branch(start, [&] { body(n.branches[0].second); }));
        branches.push_back(branch(start, [&] {
            for (size_t i = 1; i < n.branches.size(); ++i) visit_elif(n.branches[i].first.get(), n.branches[i].second);
        }));
        branches.push_back(branch(start, [&] { body(n.otherwise); }));
        sym_->merge_branches(branches);
    }

    void visit_elif(const Expr* test, const Body& b) {
        expr(test);
        const Symbols start = *sym_;
        std::vector<Symbols> branches;
        branches.push_back(branch(start, [&] { body(b); }));
        branches.push_back(start);
        branches.push_back(start);
        sym_->merge_branches(branches);
    }
};

void analyze_nested(const Body& body, const Symbols& frame);

FrameLocals analyze_frame(const Body& body, const Symbols& symbols_in) {
    Symbols symbols = symbols_in;
    FrameVisitor(symbols).body(body);
    analyze_nested(body, symbols);
    return symbols.undefined_names();
}

void analyze_macro(MacroStmt& m, const Symbols& outer) {
    Symbols s;
    s.parent = &outer;
    for (const auto& p : m.params) s.parameter(p);
    for (const char* implicit : {"varargs", "kwargs", "caller"}) s.parameter(implicit);
    FrameVisitor visitor(s);
    for (const auto& d : m.defaults) visitor.expr(d.get());
    m.locals = analyze_frame(m.body, s);
}

// Finds the frames nested in a frame's statements and analyzes each with `frame` as parent.
void analyze_nested(const Body& body, const Symbols& frame) {
    for (const auto& stmt : body) {
        Stmt& s = *stmt;
        Symbols child;
        child.parent = &frame;
        switch (s.kind) {
        case Stmt::Kind::If: {
            auto& n = static_cast<IfStmt&>(s);
            for (auto& branch : n.branches) analyze_nested(branch.second, frame);
            analyze_nested(n.otherwise, frame);
            break;
        }
        case Stmt::Kind::For: {
            auto& n = static_cast<ForStmt&>(s);
            Symbols loop = child;
            for (const auto& name : n.target.names) loop.parameter(name);
            loop.parameter("loop");
            n.body_locals = analyze_frame(n.body, loop);
            n.otherwise_locals = analyze_frame(n.otherwise, child);
            break;
        }
        case Stmt::Kind::SetBlock: {
            auto& n = static_cast<SetBlockStmt&>(s);
            n.locals = analyze_frame(n.body, child);
            break;
        }
        case Stmt::Kind::Macro: analyze_macro(static_cast<MacroStmt&>(s), frame); break;
        case Stmt::Kind::CallBlock: analyze_macro(*static_cast<CallBlockStmt&>(s).caller, frame); break;
        case Stmt::Kind::With: {
            auto& n = static_cast<WithStmt&>(s);
            for (const auto& a : n.assignments) {
                for (const auto& name : a.first.names) child.parameter(name);
            }
            n.locals = analyze_frame(n.body, child);
            break;
        }
        case Stmt::Kind::FilterBlock: {
            auto& n = static_cast<FilterBlockStmt&>(s);
            FrameVisitor(child).expr(n.filter.get());
            n.locals = analyze_frame(n.body, child);
            break;
        }
        case Stmt::Kind::Scope: {
            auto& n = static_cast<ScopeStmt&>(s);
            if (n.new_frame) n.locals = analyze_frame(n.body, child);
            else analyze_nested(n.body, frame);
            break;
        }
        default: break;
        }
    }
}

} // namespace

void resolve_frame_locals(Program& program) {
    program.locals = analyze_frame(program.body, Symbols{});
}

} // namespace moe::jinja
