package io.epimetheus.promql.component;

import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.query.QueryException;
import io.epimetheus.api.query.syntax.SyntaxTreeService;
import io.epimetheus.promql.ast.Expr;
import io.epimetheus.promql.ast.SyntaxTreeJson;
import io.epimetheus.promql.parse.ParseException;
import io.epimetheus.promql.parse.Parser;
import io.epimetheus.promql.parse.ParserOptions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;

/**
 * Registers the {@link SyntaxTreeService} behind {@code /api/v1/parse_query}: expressions parse
 * with the language features the engine's configuration (PID {@code io.epimetheus.promql})
 * enables, as Prometheus's API parses with its feature flags.
 */
@Component(service = SyntaxTreeService.class, configurationPid = "io.epimetheus.promql",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class SyntaxTreeComponent implements SyntaxTreeService {

    private volatile ParserOptions options;

    @Activate
    public SyntaxTreeComponent(PromqlConfig config) {
        this.options = QueryEngineComponent.parserOptions(config);
    }

    @Modified
    void modified(PromqlConfig config) {
        options = QueryEngineComponent.parserOptions(config);
    }

    @Override
    public String syntaxTreeJson(String expr) {
        Expr parsed;
        try {
            parsed = Parser.parseExpr(expr, options);
        } catch (ParseException e) {
            throw new QueryException(ErrorType.BAD_DATA, e.getMessage(), e);
        }
        try {
            return SyntaxTreeJson.of(parsed);
        } catch (IllegalArgumentException e) {
            // A value JSON cannot carry (a fill() value of NaN or ±Inf): Prometheus fails to encode it too.
            throw new QueryException(ErrorType.INTERNAL, e.getMessage(), e);
        }
    }
}
