import {
  lintCommand,
  parseFormat
} from "./chunk-OIN3GF7J.js";
import "./chunk-4PHNGQYF.js";
import "./chunk-2DMFBX5M.js";
import "./chunk-57Y5DVX6.js";
import "./chunk-G2X6ATPA.js";
export {
  lintCommand,
  parseFormat
};
