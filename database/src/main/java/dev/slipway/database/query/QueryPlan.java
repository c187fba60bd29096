package dev.slipway.database.query;

import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.Order;
import java.util.List;

/**
 * How to run a query: scan {@code range} of {@code index} (keys from {@link IndexKeys}) in {@code
 * order}, then apply {@code operators} in order.
 */
public record QueryPlan(IndexDefinition index, KeyRange range, Order order, List<QueryOperator> operators) {
    public QueryPlan {
        operators = List.copyOf(operators);
    }
}
