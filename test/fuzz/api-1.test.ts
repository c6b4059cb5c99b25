import { fuzzRoutes } from "./api-routes";

fuzzRoutes(1, 4);
