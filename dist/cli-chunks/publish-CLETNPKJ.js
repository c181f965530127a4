import {
  publishCommand,
  publishJson,
  renderPublish
} from "./chunk-576MO3RZ.js";
import "./chunk-YJEV3OE5.js";
import "./chunk-FVU5JVHC.js";
import "./chunk-XUHWOOZD.js";
import "./chunk-OUDCCA5E.js";
import "./chunk-IGYI76RE.js";
import "./chunk-4NAQYO46.js";
import "./chunk-5OHWRETO.js";
import "./chunk-6P7HL6GM.js";
import "./chunk-5OPPPIR6.js";
import "./chunk-XC2IMODC.js";
export {
  publishCommand,
  publishJson,
  renderPublish
};
