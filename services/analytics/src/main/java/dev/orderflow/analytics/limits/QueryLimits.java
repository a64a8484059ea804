package dev.orderflow.analytics.limits;

import graphql.ExecutionResult;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.normalized.ExecutableNormalizedOperationFactory;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLTypeUtil;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The limits every request must pass before any of its fields is resolved (so before any SQL):
 * root fields, aliases, depth and calculated cost, then the client's cost budget. graphql-java's
 * own MaxQueryDepth/MaxQueryComplexity instrumentations are not used because their refusals carry
 * no error code, count aliases not at all and cannot multiply by page sizes; this walks
 * graphql-java's executable normalized operation (fragments expanded, arguments resolved with their
 * defaults), once.
 *
 * <p>The cost model (in the spirit of Shopify's calculated query cost): a field returning an object,
 * or a list of objects, costs 1; scalars and enums cost 0; the parts of a Relay connection
 * ({@code edges}, {@code node}, {@code pageInfo}) cost 0; a field with a size argument ({@code
 * first}, {@code last}, {@code limit}) multiplies the cost of what it returns by that size, and a
 * connection without one by its default page of 20.
 */
@Component
public class QueryLimits implements Instrumentation {

    private static final Set<String> SIZE_ARGUMENTS = Set.of("first", "last", "limit");
    private static final Set<String> CONNECTION_PARTS = Set.of("edges", "node", "pageInfo");
    private static final int DEFAULT_CONNECTION_PAGE = 20;

    private final LimitsProperties limits;
    private final CostBudgets budgets;

    QueryLimits(LimitsProperties limits, CostBudgets budgets) {
        this.limits = limits;
        this.budgets = budgets;
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecution(
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        RequestCost cost = parameters.getGraphQLContext().get(RequestCost.CONTEXT_KEY);
        if (cost != null) {
            cost.executing(parameters.getExecutionInput());
        }
        return SimpleInstrumentationContext.noOp();
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
        ExecutionContext context = parameters.getExecutionContext();
        int roots = rootFields(context.getOperationDefinition().getSelectionSet(), context.getFragmentsByName());
        if (roots > limits.maxRootFields()) {
            throw new LimitExceeded(
                    "MAX_ROOT_FIELDS",
                    "The operation has " + roots + " root fields; at most " + limits.maxRootFields() + " are allowed.");
        }
        ExecutableNormalizedOperation operation =
                ExecutableNormalizedOperationFactory.createExecutableNormalizedOperation(
                        context.getGraphQLSchema(),
                        context.getOperationDefinition(),
                        context.getFragmentsByName(),
                        context.getCoercedVariables());
        Walk walk = new Walk();
        long cost = 0;
        for (ExecutableNormalizedField field : operation.getTopLevelFields()) {
            cost += walk.cost(field, context.getGraphQLSchema());
        }
        if (walk.aliases > limits.maxAliases()) {
            throw new LimitExceeded(
                    "MAX_ALIASES",
                    "The operation has " + walk.aliases + " aliases; at most " + limits.maxAliases() + " are allowed.");
        }
        if (walk.depth > limits.maxDepth()) {
            throw new LimitExceeded(
                    "MAX_DEPTH",
                    "The operation is " + walk.depth + " fields deep; at most " + limits.maxDepth() + " is allowed.");
        }
        if (cost > limits.maxCost()) {
            throw new LimitExceeded(
                    "MAX_COST",
                    "The operation costs " + cost + " points; at most " + limits.maxCost()
                            + " are allowed (see the cost model in the schema).");
        }
        RequestCost request = context.getGraphQLContext().get(RequestCost.CONTEXT_KEY);
        if (request != null) {
            CostBudgets.Status after = budgets.spend(request.budgetKey(), (int) cost);
            if (after == null) {
                request.charged((int) cost, budgets.status(request.budgetKey()));
                throw new LimitExceeded(
                        "THROTTLED",
                        "This client's query budget has less than the " + cost
                                + " points this operation costs; it is restored over time (see extensions.cost).");
            }
            request.charged((int) cost, after);
        }
        return SimpleInstrumentationContext.noOp();
    }

    /** Fields at the root, fragments included, counted as written (a repeat counts again). */
    private static int rootFields(SelectionSet selections, Map<String, FragmentDefinition> fragments) {
        int count = 0;
        for (Selection<?> selection : selections.getSelections()) {
            count += switch (selection) {
                case Field field -> 1;
                case InlineFragment inline -> rootFields(inline.getSelectionSet(), fragments);
                case FragmentSpread spread -> fragments.containsKey(spread.getName())
                        ? rootFields(fragments.get(spread.getName()).getSelectionSet(), fragments)
                        : 0;
                default -> 0;};
        }
        return count;
    }

    private static final class Walk {
        int aliases;
        int depth;

        long cost(ExecutableNormalizedField field, GraphQLSchema schema) {
            if (field.getAlias() != null) {
                aliases++;
            }
            depth = Math.max(depth, field.getLevel());
            var type = GraphQLTypeUtil.unwrapAll(field.getType(schema));
            boolean connectionPart = CONNECTION_PARTS.contains(field.getFieldName());
            long own = type instanceof GraphQLObjectType && !connectionPart ? 1 : 0;
            long children = 0;
            for (ExecutableNormalizedField child : field.getChildren()) {
                children += cost(child, schema);
            }
            return own + multiplier(field, type.getName()) * children;
        }

        private static long multiplier(ExecutableNormalizedField field, String typeName) {
            Map<String, Object> arguments = field.getResolvedArguments();
            List<Long> sizes = SIZE_ARGUMENTS.stream()
                    .map(arguments::get)
                    .filter(Number.class::isInstance)
                    .map(n -> Math.max(0, ((Number) n).longValue()))
                    .toList();
            if (!sizes.isEmpty()) {
                return sizes.stream().mapToLong(Long::longValue).max().orElse(1);
            }
            return typeName.endsWith("Connection") ? DEFAULT_CONNECTION_PAGE : 1;
        }
    }
}
