package dev.slipway.sync;

import dev.slipway.value.ConvexJson;
import dev.slipway.value.InvalidValueException;
import dev.slipway.value.Value;

/**
 * The {@code args} of a socket call, checked: an array holding exactly one Convex-JSON object, as the
 * JS client always sends. Anything else fails that call (not the connection).
 */
sealed interface CallArgs permits CallArgs.Valid, CallArgs.Invalid {

    record Valid(Value.Obj args) implements CallArgs {}

    /** Why the args cannot be used, worded for the client. */
    record Invalid(String message) implements CallArgs {}

    static CallArgs parse(String argsJson) {
        Value value;
        try {
            value = ConvexJson.decode(argsJson);
        } catch (InvalidValueException e) {
            return new Invalid("Invalid function arguments: " + e.getMessage());
        }
        if (value instanceof Value.Array array
                && array.elements().size() == 1
                && array.elements().getFirst() instanceof Value.Obj obj) {
            return new Valid(obj);
        }
        return new Invalid("Invalid function arguments: expected an array holding one object, got " + describe(value));
    }

    private static String describe(Value value) {
        return switch (value) {
            case Value.Array a -> "an array of " + a.elements().size() + " element(s)";
            case Value.Obj o -> "an object";
            case Value.Null n -> "null";
            case Value.Str s -> "a string";
            case Value.Int64 i -> "a bigint";
            case Value.Float64 f -> "a number";
            case Value.Bool b -> "a boolean";
            case Value.Bytes b -> "bytes";
        };
    }
}
