import { fuzzRoutes } from "./api-routes";

fuzzRoutes(2, 4);
