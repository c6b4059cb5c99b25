import { fuzzRoutes } from "./api-routes";

fuzzRoutes(4, 4);
