#include "jinja/parser.h"

#include <algorithm>
#include <initializer_list>

#include "jinja/filters.h"
#include "jinja/scopes.h"

namespace moe::jinja {

namespace {

class Parser {
public:
    Parser(const Source& source, std::vector<Token> tokens) : src_(source), toks_(std::move(tokens)) {}

    Body parse_template() {
        Body body = subparse({});
        if (cur().type != TokenType::Eof) fail("unexpected " + describe(cur()));
        return body;
    }

private:
    const Source& src_;
    std::vector<Token> toks_;
    size_t at_ = 0;
    int depth_ = 0;
    int loop_depth_ = 0;                          // for {% break %} / {% continue %}
    std::vector<std::vector<std::string>> end_stack_;  // tags each open block waits for
    std::vector<std::vector<std::string>*> macro_names_;  // names read inside open macros

    // ---- token stream ----

    const Token& cur() const { return toks_[at_]; }
    const Token& look() const { return toks_[std::min(at_ + 1, toks_.size() - 1)]; }
    const Token& next() {
        const Token& t = toks_[at_];
        if (at_ + 1 < toks_.size()) ++at_;
        return t;
    }
    SourcePos pos() const { return src_.position(cur().offset); }
    SourcePos pos_of(const Token& t) const { return src_.position(t.offset); }

    [[noreturn]] void fail(const std::string& message) const { throw Error(message, pos()); }
    [[noreturn]] void fail_at(const std::string& message, const Token& t) const { throw Error(message, pos_of(t)); }

    static std::string describe(const Token& t) {
        switch (t.type) {
        case TokenType::Data: return "template data";
        case TokenType::VariableBegin: return "'{{'";
        case TokenType::VariableEnd: return "end of print statement";
        case TokenType::BlockBegin: return "'{%'";
        case TokenType::BlockEnd: return "end of statement block";
        case TokenType::Name: return "'" + t.text + "'";
        case TokenType::String: return "string";
        case TokenType::Integer: return "integer";
        case TokenType::Float: return "float";
        case TokenType::Operator: return "'" + t.text + "'";
        case TokenType::Eof: return "end of template";
        }
        return "token";
    }

    bool is_op(const char* op) const { return cur().type == TokenType::Operator && cur().text == op; }
    bool is_name(const char* name) const { return cur().type == TokenType::Name && cur().text == name; }
    bool skip_op(const char* op) {
        if (!is_op(op)) return false;
        next();
        return true;
    }
    bool skip_name(const char* name) {
        if (!is_name(name)) return false;
        next();
        return true;
    }
    void expect_op(const char* op) {
        if (!skip_op(op)) fail(std::string("expected '") + op + "', got " + describe(cur()));
    }
    void expect(TokenType type, const char* what) {
        if (cur().type != type) fail(std::string("expected ") + what + ", got " + describe(cur()));
        next();
    }
    std::string expect_name() {
        if (cur().type != TokenType::Name) fail("expected a name, got " + describe(cur()));
        return next().text;
    }
    void expect_block_end() { expect(TokenType::BlockEnd, "end of statement block"); }

    struct DepthGuard {
        Parser& p;
        explicit DepthGuard(Parser& parser) : p(parser) {
            if (++p.depth_ > kMaxParseDepth) p.fail("template nested too deeply (more than " + std::to_string(kMaxParseDepth) + " levels)");
        }
        ~DepthGuard() { --p.depth_; }
    };

    // ---- template structure ----

    bool at_end_tag(const std::vector<std::string>& end_tags) const {
        return cur().type == TokenType::Name &&
               std::find(end_tags.begin(), end_tags.end(), cur().text) != end_tags.end();
    }

    Body subparse(const std::vector<std::string>& end_tags) {
        Body body;
        if (!end_tags.empty()) end_stack_.push_back(end_tags);
        while (cur().type != TokenType::Eof) {
            const Token& t = cur();
            if (t.type == TokenType::Data) {
                body.push_back(std::make_unique<TextStmt>(pos_of(t), t.text));
                next();
            } else if (t.type == TokenType::VariableBegin) {
                const SourcePos p = pos_of(t);
                next();
                body.push_back(std::make_unique<OutputStmt>(p, parse_tuple(false, true, {}, false)));
                expect(TokenType::VariableEnd, "end of print statement");
            } else if (t.type == TokenType::BlockBegin) {
                next();
                if (!end_tags.empty() && at_end_tag(end_tags)) {
                    end_stack_.pop_back();
                    return body;
                }
                body.push_back(parse_statement());
                expect_block_end();
            } else {
                fail("unexpected " + describe(t));
            }
        }
        if (!end_tags.empty()) {
            std::string wanted;
            for (const auto& tag : end_tags) wanted += (wanted.empty() ? "'" : " or '") + tag + "'";
            fail("unexpected end of template, expected " + wanted);
        }
        return body;
    }

    // Parses a block's body up to one of `end_tags`; leaves the stream on the end tag's name.
    Body parse_statements(const std::vector<std::string>& end_tags, bool drop_end_tag) {
        skip_op(":");
        expect_block_end();
        Body body = subparse(end_tags);
        if (drop_end_tag) next();
        return body;
    }

    StmtPtr parse_statement() {
        DepthGuard guard(*this);
        const Token& t = cur();
        if (t.type != TokenType::Name) fail("tag name expected, got " + describe(t));
        const std::string& tag = t.text;
        if (tag == "for") return parse_for();
        if (tag == "if") return parse_if();
        if (tag == "set") return parse_set();
        if (tag == "macro") return parse_macro();
        if (tag == "call") return parse_call_block();
        if (tag == "with") return parse_with();
        if (tag == "filter") return parse_filter_block();
        if (tag == "print") return parse_print();
        if (tag == "generation") return parse_generation();
        if (tag == "break" || tag == "continue") {
            if (loop_depth_ == 0) fail("'" + tag + "' outside loop");
            const SourcePos p = pos();
            next();
            return std::make_unique<LoopControlStmt>(p, tag == "break");
        }
        if (tag == "block" || tag == "extends" || tag == "include" || tag == "import" || tag == "from" ||
            tag == "autoescape") {
            fail("the '" + tag + "' tag is not supported in chat templates");
        }
        if (end_stack_.empty()) fail("unknown tag '" + tag + "'");
        std::string wanted;
        for (const auto& end : end_stack_.back()) wanted += (wanted.empty() ? "'" : " or '") + end + "'";
        fail("unexpected tag '" + tag + "', expected " + wanted);
    }

    StmtPtr parse_for() {
        auto node = std::make_unique<ForStmt>(pos());
        next();
        node->target = parse_assign_target({"in"}, false);
        if (!skip_name("in")) fail("expected 'in', got " + describe(cur()));
        node->iter = parse_tuple(false, false, {}, false);
        if (skip_name("if")) node->filter = parse_expression(true);
        if (is_name("recursive")) fail("recursive loops are not supported in chat templates");
        ++loop_depth_;
        node->body = parse_statements({"endfor", "else"}, false);
        --loop_depth_;
        if (next().text == "else") node->otherwise = parse_statements({"endfor"}, true);
        return node;
    }

    StmtPtr parse_if() {
        auto node = std::make_unique<IfStmt>(pos());
        next();
        while (true) {
            ExprPtr test = parse_tuple(false, false, {}, false);
            Body body = parse_statements({"elif", "else", "endif"}, false);
            node->branches.emplace_back(std::move(test), std::move(body));
            const std::string tag = next().text;
            if (tag == "elif") continue;
            if (tag == "else") node->otherwise = parse_statements({"endif"}, true);
            break;
        }
        return node;
    }

    StmtPtr parse_set() {
        const SourcePos p = pos();
        next();
        AssignTarget target = parse_assign_target({}, true);
        if (skip_op("=")) {
            auto node = std::make_unique<SetStmt>(p);
            node->target = std::move(target);
            node->value = parse_tuple(false, true, {}, false);
            return node;
        }
        auto node = std::make_unique<SetBlockStmt>(p);
        node->target = std::move(target);
        if (is_op("|")) node->filter = parse_filter(std::make_unique<CapturedExpr>(p), false);
        node->body = parse_statements({"endset"}, true);
        return node;
    }

    void parse_signature(MacroStmt& macro) {
        expect_op("(");
        while (!is_op(")")) {
            if (!macro.params.empty()) expect_op(",");
            const Token& name = cur();
            macro.params.push_back(expect_name());
            if (skip_op("=")) {
                macro.defaults.push_back(parse_expression(true));
            } else {
                if (std::any_of(macro.defaults.begin(), macro.defaults.end(), [](const ExprPtr& d) { return d != nullptr; })) {
                    fail_at("non-default argument follows default argument", name);
                }
                macro.defaults.push_back(nullptr);
            }
        }
        expect_op(")");
    }

    // A macro body is a function of its own: loops around it do not reach into it.
    void parse_macro_body(MacroStmt& macro, const char* end_tag) {
        std::vector<std::string> names;
        macro_names_.push_back(&names);
        const int saved_loops = loop_depth_;
        loop_depth_ = 0;
        macro.body = parse_statements({end_tag}, true);
        loop_depth_ = saved_loops;
        macro_names_.pop_back();
        macro.catches_varargs = std::find(names.begin(), names.end(), "varargs") != names.end();
        macro.catches_kwargs = std::find(names.begin(), names.end(), "kwargs") != names.end();
        macro.catches_caller = std::find(names.begin(), names.end(), "caller") != names.end();
    }

    StmtPtr parse_macro() {
        auto node = std::make_unique<MacroStmt>(pos());
        next();
        node->name = expect_name();
        parse_signature(*node);
        parse_macro_body(*node, "endmacro");
        return node;
    }

    StmtPtr parse_call_block() {
        auto node = std::make_unique<CallBlockStmt>(pos());
        node->caller = std::make_unique<MacroStmt>(pos());
        node->caller->name = "caller";
        next();
        if (is_op("(")) parse_signature(*node->caller);
        const Token& call_start = cur();
        node->call = parse_expression(true);
        if (node->call->kind != Expr::Kind::Call) fail_at("expected a call after 'call'", call_start);
        parse_macro_body(*node->caller, "endcall");
        return node;
    }

    StmtPtr parse_with() {
        auto node = std::make_unique<WithStmt>(pos());
        next();
        while (cur().type != TokenType::BlockEnd) {
            if (!node->assignments.empty()) expect_op(",");
            AssignTarget target = parse_assign_target({}, false);
            expect_op("=");
            node->assignments.emplace_back(std::move(target), parse_expression(true));
        }
        node->body = parse_statements({"endwith"}, true);
        return node;
    }

    StmtPtr parse_filter_block() {
        auto node = std::make_unique<FilterBlockStmt>(pos());
        next();
        node->filter = parse_filter(std::make_unique<CapturedExpr>(node->pos), true);
        node->body = parse_statements({"endfilter"}, true);
        return node;
    }

    StmtPtr parse_print() {
        const SourcePos p = pos();
        next();
        auto tuple = std::make_unique<ListExpr>(p, true);
        while (cur().type != TokenType::BlockEnd) {
            if (!tuple->items.empty()) expect_op(",");
            tuple->items.push_back(parse_expression(true));
        }
        // {% print a, b %} writes each expression in turn, in the current frame.
        auto scope = std::make_unique<ScopeStmt>(p, false);
        for (auto& item : tuple->items) {
            const SourcePos ip = item->pos;
            scope->body.push_back(std::make_unique<OutputStmt>(ip, std::move(item)));
        }
        return scope;
    }

    StmtPtr parse_generation() {
        auto node = std::make_unique<ScopeStmt>(pos(), true);
        next();
        node->body = parse_statements({"endgeneration"}, true);
        return node;
    }

    // jinja2 3.1's parse_tuple never honours its extra end rules (Token.test_any gets the rules
    // as one tuple argument), so `for a, in x` reads `in` as a second target and then fails;
    // only `)`, `%}` and `}}` end a tuple early. Targets may be parenthesised: `(a, b)`, `(a,)`.
    AssignTarget parse_assign_target(const std::vector<std::string>& extra_end, bool with_namespace) {
        (void)extra_end;
        AssignTarget target;
        const Token& first = cur();
        if (is_op("(")) {
            next();
            bool tuple = false;
            while (!is_op(")")) {
                if (!target.names.empty()) {
                    expect_op(",");
                    tuple = true;
                    if (is_op(")")) break;
                }
                const Token& t = cur();
                if (t.type != TokenType::Name || t.text == "true" || t.text == "false" || t.text == "True" ||
                    t.text == "False" || t.text == "none" || t.text == "None") {
                    fail("can't assign to " + describe(t));
                }
                target.names.push_back(next().text);
            }
            expect_op(")");
            target.unpack = tuple || target.names.size() != 1;  // () unpacks nothing
            if (is_op(",")) fail("nested unpacking is not supported");
            return target;
        }
        while (true) {
            if (!target.names.empty()) expect_op(",");
            if (is_tuple_end({})) break;
            const Token& t = cur();
            if (t.type != TokenType::Name || t.text == "true" || t.text == "false" || t.text == "True" ||
                t.text == "False" || t.text == "none" || t.text == "None") {
                fail("can't assign to " + describe(t));
            }
            target.names.push_back(next().text);
            if (with_namespace && is_op(".")) {
                next();
                target.attr = expect_name();
                if (target.names.size() > 1 || is_op(",")) fail_at("can't unpack into a namespace attribute", t);
                return target;
            }
            if (!is_op(",")) break;
            target.unpack = true;
        }
        if (target.names.empty()) fail_at("expected an assignment target, got " + describe(first), first);
        return target;
    }

    // ---- expressions ----

    bool is_tuple_end(const std::vector<std::string>& extra_end) const {
        const Token& t = cur();
        if (t.type == TokenType::VariableEnd || t.type == TokenType::BlockEnd || t.type == TokenType::Eof) return true;
        if (t.type == TokenType::Operator && t.text == ")") return true;
        return t.type == TokenType::Name && std::find(extra_end.begin(), extra_end.end(), t.text) != extra_end.end();
    }

    ExprPtr parse_tuple(bool simplified, bool with_condexpr, const std::vector<std::string>& extra_end, bool explicit_parens) {
        const SourcePos p = pos();
        std::vector<ExprPtr> items;
        bool is_tuple = false;
        while (true) {
            if (!items.empty()) expect_op(",");
            if (is_tuple_end(extra_end)) break;
            items.push_back(simplified ? parse_primary() : parse_expression(with_condexpr));
            if (is_op(",")) is_tuple = true;
            else break;
        }
        if (!is_tuple) {
            if (!items.empty()) return std::move(items.front());
            if (!explicit_parens) fail("expected an expression, got " + describe(cur()));
        }
        auto tuple = std::make_unique<ListExpr>(p, true);
        tuple->items = std::move(items);
        return tuple;
    }

    ExprPtr parse_expression(bool with_condexpr) {
        DepthGuard guard(*this);
        return with_condexpr ? parse_condexpr() : parse_or();
    }

    ExprPtr parse_condexpr() {
        SourcePos p = pos();
        ExprPtr expr = parse_or();
        while (skip_name("if")) {
            auto cond = std::make_unique<CondExpr>(p);
            cond->then = std::move(expr);
            cond->test = parse_or();
            if (skip_name("else")) {
                DepthGuard guard(*this);
                cond->otherwise = parse_condexpr();
            }
            expr = std::move(cond);
            p = pos();
        }
        return expr;
    }

    ExprPtr parse_or() {
        ExprPtr left = parse_and();
        while (is_name("or")) {
            const SourcePos p = pos();
            next();
            left = std::make_unique<BinaryExpr>(p, BinaryExpr::Op::Or, std::move(left), parse_and());
        }
        return left;
    }

    ExprPtr parse_and() {
        ExprPtr left = parse_not();
        while (is_name("and")) {
            const SourcePos p = pos();
            next();
            left = std::make_unique<BinaryExpr>(p, BinaryExpr::Op::And, std::move(left), parse_not());
        }
        return left;
    }

    ExprPtr parse_not() {
        if (is_name("not")) {
            DepthGuard guard(*this);
            const SourcePos p = pos();
            next();
            return std::make_unique<UnaryExpr>(p, UnaryExpr::Op::Not, parse_not());
        }
        return parse_compare();
    }

    ExprPtr parse_compare() {
        const SourcePos p = pos();
        ExprPtr expr = parse_math1();
        std::vector<std::pair<CompareExpr::Op, ExprPtr>> ops;
        while (true) {
            CompareExpr::Op op;
            if (is_op("==")) op = CompareExpr::Op::Eq;
            else if (is_op("!=")) op = CompareExpr::Op::Ne;
            else if (is_op("<")) op = CompareExpr::Op::Lt;
            else if (is_op("<=")) op = CompareExpr::Op::Le;
            else if (is_op(">")) op = CompareExpr::Op::Gt;
            else if (is_op(">=")) op = CompareExpr::Op::Ge;
            else if (is_name("in")) op = CompareExpr::Op::In;
            else if (is_name("not") && look().type == TokenType::Name && look().text == "in") {
                next();
                op = CompareExpr::Op::NotIn;
            } else break;
            next();
            ops.emplace_back(op, parse_math1());
        }
        if (ops.empty()) return expr;
        auto cmp = std::make_unique<CompareExpr>(p);
        cmp->first = std::move(expr);
        cmp->rest = std::move(ops);
        return cmp;
    }

    ExprPtr parse_math1() {
        ExprPtr left = parse_concat();
        while (is_op("+") || is_op("-")) {
            const SourcePos p = pos();
            const auto op = next().text == "+" ? BinaryExpr::Op::Add : BinaryExpr::Op::Sub;
            left = std::make_unique<BinaryExpr>(p, op, std::move(left), parse_concat());
        }
        return left;
    }

    ExprPtr parse_concat() {
        const SourcePos p = pos();
        ExprPtr first = parse_math2();
        if (!is_op("~")) return first;
        auto concat = std::make_unique<ConcatExpr>(p);
        concat->parts.push_back(std::move(first));
        while (skip_op("~")) concat->parts.push_back(parse_math2());
        return concat;
    }

    ExprPtr parse_math2() {
        ExprPtr left = parse_pow();
        while (is_op("*") || is_op("/") || is_op("//") || is_op("%")) {
            const SourcePos p = pos();
            const std::string op = next().text;
            const auto kind = op == "*" ? BinaryExpr::Op::Mul
                            : op == "/" ? BinaryExpr::Op::Div
                            : op == "//" ? BinaryExpr::Op::FloorDiv
                                         : BinaryExpr::Op::Mod;
            left = std::make_unique<BinaryExpr>(p, kind, std::move(left), parse_pow());
        }
        return left;
    }

    ExprPtr parse_pow() {
        ExprPtr left = parse_unary(true);
        while (is_op("**")) {
            const SourcePos p = pos();
            next();
            left = std::make_unique<BinaryExpr>(p, BinaryExpr::Op::Pow, std::move(left), parse_unary(true));
        }
        return left;
    }

    ExprPtr parse_unary(bool with_filter) {
        DepthGuard guard(*this);
        const SourcePos p = pos();
        ExprPtr node;
        if (skip_op("-")) node = std::make_unique<UnaryExpr>(p, UnaryExpr::Op::Neg, parse_unary(false));
        else if (skip_op("+")) node = std::make_unique<UnaryExpr>(p, UnaryExpr::Op::Pos, parse_unary(false));
        else node = parse_primary();
        node = parse_postfix(std::move(node));
        if (with_filter) node = parse_filter_expr(std::move(node));
        return node;
    }

    ExprPtr parse_primary() {
        DepthGuard guard(*this);
        const Token& t = cur();
        const SourcePos p = pos();
        switch (t.type) {
        case TokenType::Name: {
            const std::string name = next().text;
            if (name == "true" || name == "True") return std::make_unique<LiteralExpr>(p, Value::boolean(true));
            if (name == "false" || name == "False") return std::make_unique<LiteralExpr>(p, Value::boolean(false));
            if (name == "none" || name == "None") return std::make_unique<LiteralExpr>(p, Value::none());
            for (auto* names : macro_names_) names->push_back(name);
            return std::make_unique<NameExpr>(p, name);
        }
        case TokenType::String: {
            std::string text;
            while (cur().type == TokenType::String) text += next().text;  // adjacent literals join
            return std::make_unique<LiteralExpr>(p, Value::string(std::move(text)));
        }
        case TokenType::Integer: return std::make_unique<LiteralExpr>(p, Value::integer(next().int_value));
        case TokenType::Float: return std::make_unique<LiteralExpr>(p, Value::number(next().float_value));
        case TokenType::Operator:
            if (t.text == "(") {
                next();
                ExprPtr inner = parse_tuple(false, true, {}, true);
                expect_op(")");
                return inner;
            }
            if (t.text == "[") return parse_list();
            if (t.text == "{") return parse_dict();
            break;
        default: break;
        }
        fail("unexpected " + describe(t));
    }

    ExprPtr parse_list() {
        auto list = std::make_unique<ListExpr>(pos(), false);
        expect_op("[");
        while (!is_op("]")) {
            if (!list->items.empty()) expect_op(",");
            if (is_op("]")) break;
            list->items.push_back(parse_expression(true));
        }
        expect_op("]");
        return list;
    }

    ExprPtr parse_dict() {
        auto dict = std::make_unique<DictExpr>(pos());
        expect_op("{");
        while (!is_op("}")) {
            if (!dict->items.empty()) expect_op(",");
            if (is_op("}")) break;
            ExprPtr key = parse_expression(true);
            expect_op(":");
            dict->items.emplace_back(std::move(key), parse_expression(true));
        }
        expect_op("}");
        return dict;
    }

    ExprPtr parse_postfix(ExprPtr node) {
        while (true) {
            if (is_op(".") || is_op("[")) node = parse_subscript(std::move(node));
            else if (is_op("(")) node = parse_call(std::move(node));
            else return node;
        }
    }

    ExprPtr parse_filter_expr(ExprPtr node) {
        while (true) {
            if (is_op("|")) node = parse_filter(std::move(node), false);
            else if (is_name("is")) node = parse_test(std::move(node));
            else if (is_op("(")) node = parse_call(std::move(node));
            else return node;
        }
    }

    ExprPtr parse_subscript(ExprPtr node) {
        DepthGuard guard(*this);
        const SourcePos p = pos();
        if (skip_op(".")) {
            const Token& attr = cur();
            if (attr.type == TokenType::Name) return std::make_unique<GetAttrExpr>(p, std::move(node), next().text);
            if (attr.type == TokenType::Integer) {
                auto index = std::make_unique<LiteralExpr>(pos(), Value::integer(next().int_value));
                return std::make_unique<GetItemExpr>(p, std::move(node), std::move(index));
            }
            fail("expected name or number, got " + describe(attr));
        }
        expect_op("[");
        std::vector<ExprPtr> args;
        while (!is_op("]")) {
            if (!args.empty()) expect_op(",");
            args.push_back(parse_subscribed());
        }
        expect_op("]");
        if (args.size() == 1) return std::make_unique<GetItemExpr>(p, std::move(node), std::move(args.front()));
        auto tuple = std::make_unique<ListExpr>(p, true);
        tuple->items = std::move(args);
        return std::make_unique<GetItemExpr>(p, std::move(node), std::move(tuple));
    }

    ExprPtr parse_subscribed() {
        const SourcePos p = pos();
        ExprPtr start;
        if (!is_op(":")) {
            start = parse_expression(true);
            if (!is_op(":")) return start;
        }
        next();  // the first ':'
        auto slice = std::make_unique<SliceExpr>(p);
        slice->start = std::move(start);
        if (!is_op(":") && !is_op("]") && !is_op(",")) slice->stop = parse_expression(true);
        if (skip_op(":")) {
            if (!is_op("]") && !is_op(",")) slice->step = parse_expression(true);
        }
        return slice;
    }

    CallArgsExpr parse_call_args() {
        CallArgsExpr args;
        const Token& open = cur();
        expect_op("(");
        bool require_comma = false;
        auto ensure = [&](bool ok) {
            if (!ok) fail_at("invalid syntax for function call expression", open);
        };
        while (!is_op(")")) {
            if (require_comma) {
                expect_op(",");
                if (is_op(")")) break;
            }
            if (skip_op("*")) {
                ensure(!args.star && !args.star_star);
                args.star = parse_expression(true);
            } else if (skip_op("**")) {
                ensure(!args.star_star);
                args.star_star = parse_expression(true);
            } else if (cur().type == TokenType::Name && look().type == TokenType::Operator && look().text == "=") {
                ensure(!args.star_star);
                std::string key = next().text;
                next();
                args.keyword.emplace_back(std::move(key), parse_expression(true));
            } else {
                ensure(!args.star && !args.star_star && args.keyword.empty());
                args.positional.push_back(parse_expression(true));
            }
            require_comma = true;
        }
        expect_op(")");
        return args;
    }

    ExprPtr parse_call(ExprPtr callee) {
        DepthGuard guard(*this);
        const SourcePos p = callee->pos;  // errors of a call point at what was called
        auto call = std::make_unique<CallExpr>(p, std::move(callee));
        call->args = parse_call_args();
        return call;
    }

    std::string dotted_name() {
        std::string name = expect_name();
        while (skip_op(".")) name += "." + expect_name();
        return name;
    }

    ExprPtr parse_filter(ExprPtr node, bool start_inline) {
        while (is_op("|") || start_inline) {
            DepthGuard guard(*this);
            if (!start_inline) next();
            start_inline = false;
            const SourcePos p = pos();
            std::string name = dotted_name();
            auto filter = std::make_unique<FilterExpr>(p, std::move(node), std::move(name));
            if (is_op("(")) filter->args = parse_call_args();
            node = std::move(filter);
        }
        return node;
    }

    ExprPtr parse_test(ExprPtr node) {
        DepthGuard guard(*this);
        next();  // 'is'
        const bool negated = skip_name("not");
        const SourcePos p = pos();
        std::string name = dotted_name();
        auto test = std::make_unique<TestExpr>(p, std::move(node), std::move(name));
        const Token& t = cur();
        const bool starts_argument =
            t.type == TokenType::Name || t.type == TokenType::String || t.type == TokenType::Integer ||
            t.type == TokenType::Float || (t.type == TokenType::Operator && (t.text == "[" || t.text == "{"));
        if (is_op("(")) {
            test->args = parse_call_args();
        } else if (starts_argument && !is_name("else") && !is_name("or") && !is_name("and")) {
            if (is_name("is")) fail("you cannot chain multiple tests with 'is'");
            test->args.positional.push_back(parse_postfix(parse_primary()));
        }
        if (negated) return std::make_unique<UnaryExpr>(p, UnaryExpr::Op::Not, std::move(test));
        return test;
    }
};

// jinja2 rejects unknown filters and tests when it compiles a template, except inside an
// `if` (or an inline if-expression) of the same frame, where they fail only when evaluated.
// Loops, macros and blocks open a new frame. This walk applies the same rule.
class FilterCheck {
public:
    void body(const Body& b, bool soft) {
        for (const auto& s : b) stmt(*s, soft);
    }

private:
    void stmt(const Stmt& s, bool soft) {
        switch (s.kind) {
        case Stmt::Kind::Text:
        case Stmt::Kind::Break:
        case Stmt::Kind::Continue: return;
        case Stmt::Kind::Output: expr(static_cast<const OutputStmt&>(s).expr.get(), soft); return;
        case Stmt::Kind::If: {
            const auto& n = static_cast<const IfStmt&>(s);
            for (const auto& [test, branch] : n.branches) {
                expr(test.get(), true);
                body(branch, true);
            }
            body(n.otherwise, true);
            return;
        }
        case Stmt::Kind::For: {
            const auto& n = static_cast<const ForStmt&>(s);
            expr(n.iter.get(), soft);
            expr(n.filter.get(), false);
            body(n.body, false);
            body(n.otherwise, false);
            return;
        }
        case Stmt::Kind::Set: expr(static_cast<const SetStmt&>(s).value.get(), soft); return;
        case Stmt::Kind::SetBlock: {
            const auto& n = static_cast<const SetBlockStmt&>(s);
            expr(n.filter.get(), false);
            body(n.body, false);
            return;
        }
        case Stmt::Kind::Macro: macro(static_cast<const MacroStmt&>(s)); return;
        case Stmt::Kind::CallBlock: {
            const auto& n = static_cast<const CallBlockStmt&>(s);
            expr(n.call.get(), soft);
            macro(*n.caller);
            return;
        }
        case Stmt::Kind::With: {
            const auto& n = static_cast<const WithStmt&>(s);
            for (const auto& a : n.assignments) expr(a.second.get(), soft);
            body(n.body, false);
            return;
        }
        case Stmt::Kind::FilterBlock: {
            const auto& n = static_cast<const FilterBlockStmt&>(s);
            expr(n.filter.get(), false);
            body(n.body, false);
            return;
        }
        case Stmt::Kind::Scope: body(static_cast<const ScopeStmt&>(s).body, false); return;
        }
    }

    void macro(const MacroStmt& m) {
        for (const auto& d : m.defaults) expr(d.get(), false);
        body(m.body, false);
    }

    void args(const CallArgsExpr& a, bool soft) {
        for (const auto& e : a.positional) expr(e.get(), soft);
        for (const auto& kw : a.keyword) expr(kw.second.get(), soft);
        expr(a.star.get(), soft);
        expr(a.star_star.get(), soft);
    }

    void expr(const Expr* e, bool soft) {
        if (!e) return;
        switch (e->kind) {
        case Expr::Kind::Literal:
        case Expr::Kind::Name:
        case Expr::Kind::Captured: return;
        case Expr::Kind::List:
            for (const auto& i : static_cast<const ListExpr*>(e)->items) expr(i.get(), soft);
            return;
        case Expr::Kind::Dict:
            for (const auto& [k, v] : static_cast<const DictExpr*>(e)->items) {
                expr(k.get(), soft);
                expr(v.get(), soft);
            }
            return;
        case Expr::Kind::Unary: expr(static_cast<const UnaryExpr*>(e)->operand.get(), soft); return;
        case Expr::Kind::Binary: {
            const auto* b = static_cast<const BinaryExpr*>(e);
            expr(b->left.get(), soft);
            expr(b->right.get(), soft);
            return;
        }
        case Expr::Kind::Concat:
            for (const auto& p : static_cast<const ConcatExpr*>(e)->parts) expr(p.get(), soft);
            return;
        case Expr::Kind::Compare: {
            const auto* c = static_cast<const CompareExpr*>(e);
            expr(c->first.get(), soft);
            for (const auto& r : c->rest) expr(r.second.get(), soft);
            return;
        }
        case Expr::Kind::Cond: {
            const auto* c = static_cast<const CondExpr*>(e);
            expr(c->test.get(), true);
            expr(c->then.get(), true);
            expr(c->otherwise.get(), true);
            return;
        }
        case Expr::Kind::GetAttr: expr(static_cast<const GetAttrExpr*>(e)->object.get(), soft); return;
        case Expr::Kind::GetItem: {
            const auto* g = static_cast<const GetItemExpr*>(e);
            expr(g->object.get(), soft);
            expr(g->index.get(), soft);
            return;
        }
        case Expr::Kind::Slice: {
            const auto* sl = static_cast<const SliceExpr*>(e);
            expr(sl->start.get(), soft);
            expr(sl->stop.get(), soft);
            expr(sl->step.get(), soft);
            return;
        }
        case Expr::Kind::Call: {
            const auto* c = static_cast<const CallExpr*>(e);
            expr(c->callee.get(), soft);
            args(c->args, soft);
            return;
        }
        case Expr::Kind::Filter: {
            const auto* f = static_cast<const FilterExpr*>(e);
            if (!soft && !is_filter(f->name)) throw Error("no filter named '" + f->name + "'", f->pos);
            expr(f->operand.get(), soft);
            args(f->args, soft);
            return;
        }
        case Expr::Kind::Test: {
            const auto* t = static_cast<const TestExpr*>(e);
            if (!soft && !is_test(t->name)) throw Error("no test named '" + t->name + "'", t->pos);
            expr(t->operand.get(), soft);
            args(t->args, soft);
            return;
        }
        }
    }
};

} // namespace

Program parse(const Source& source) {
    Parser parser(source, tokenize(source));
    Program program;
    program.body = parser.parse_template();
    FilterCheck().body(program.body, false);
    resolve_frame_locals(program);
    return program;
}

} // namespace moe::jinja
