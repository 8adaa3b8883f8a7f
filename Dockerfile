# Trainyard as a container: build the static site with Node, serve dist/ with nginx and the COOP/COEP headers.
#   docker build -t trainyard .
#   docker run --rm -p 8080:80 trainyard      # then open http://localhost:8080/
FROM node:20-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM nginx:alpine
COPY nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/dist /usr/share/nginx/html
EXPOSE 80
