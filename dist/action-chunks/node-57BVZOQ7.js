import { createRequire as __charterCreateRequire } from "node:module"; const require = __charterCreateRequire(import.meta.url);
import{a,b,c,d,e,f,g}from"./chunk-GNMG7ZAR.js";import"./chunk-3S625UX4.js";export{a as child_process,b as crypto,c as fs,d as os,e as path,f as stream,g as util};
