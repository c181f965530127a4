import {
  publishCommand,
  publishJson,
  renderPublish
} from "./chunk-5RJ4J5Q5.js";
import "./chunk-JCE2OEEA.js";
import "./chunk-NQB2ZTJM.js";
import "./chunk-EUZUTXRQ.js";
import "./chunk-XUHWOOZD.js";
import "./chunk-GLGEZBL6.js";
import "./chunk-PYKQFXXX.js";
import "./chunk-TDDLD33T.js";
import "./chunk-SB4OEXEQ.js";
import "./chunk-4NAQYO46.js";
import "./chunk-CZ6TNMRW.js";
import "./chunk-EKDGROW3.js";
import "./chunk-HRYMA4Y5.js";
import "./chunk-FMNWHKCY.js";
import "./chunk-XC2IMODC.js";
export {
  publishCommand,
  publishJson,
  renderPublish
};
