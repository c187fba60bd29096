export * from "../../../shared/notes";
