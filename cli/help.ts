export const FORMAT_HELP =
  "output format: pretty (terminal), json, sarif (code scanning) or github (annotations)";
