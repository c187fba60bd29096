package dev.slipway.application;

import dev.slipway.isolate.FunctionKind;
import dev.slipway.isolate.Visibility;
import dev.slipway.schema.Validator;
import java.util.Optional;

/**
 * One function of a deployed code version, as analysis found it.
 *
 * @param path where it is
 * @param kind what it is
 * @param visibility who may call it
 * @param args its arguments validator ({@code v.any()} when it declares none)
 * @param returns its returns validator, when it declares one
 */
public record FunctionSpec(
        FunctionPath path, FunctionKind kind, Visibility visibility, Validator args, Optional<Validator> returns) {}
